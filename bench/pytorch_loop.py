# The same minimal loop in PyTorch (Debian's python3-torch), for the side-by-side in training.bench.ps1.
# usage: python3 pytorch_loop.py <cnn|mlp> <images.idx3[.gz]> <rows> <epochs> <batch>
# prints one line per epoch: "epoch <e> <images/s> <rss bytes>"
import gzip, os, resource, struct, sys, time
import torch
from torch import nn

net, path, rows, epochs, batch = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
def load(p):
    with (gzip.open(p) if p.endswith('.gz') else open(p, 'rb')) as f:
        return f.read()
img, lab = load(path), load(path.replace('images-idx3', 'labels-idx1'))
n, h, w = struct.unpack('>III', img[4:16])
x = torch.frombuffer(bytearray(img[16:16 + rows * h * w]), dtype=torch.uint8).float().reshape(rows, 1, h, w)
x = (x - x.mean()) / x.std()
y = torch.frombuffer(bytearray(lab[8:8 + rows]), dtype=torch.uint8).long()
torch.manual_seed(1)
if net == 'cnn':
    model = nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Flatten(), nn.Linear(64 * (h // 4) * (w // 4), 128), nn.ReLU(), nn.Dropout(0.25), nn.Linear(128, 10))
else:
    model = nn.Sequential(nn.Flatten(), nn.Linear(h * w, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
opt = torch.optim.Adam(model.parameters(), 1e-3)
loss_fn = nn.CrossEntropyLoss()
gen = torch.Generator().manual_seed(1)
model.train()
for e in range(1, epochs + 1):
    t0 = time.perf_counter()
    perm = torch.randperm(rows, generator=gen)
    for start in range(0, rows, batch):
        idx = perm[start:start + batch]
        opt.zero_grad()
        loss = loss_fn(model(x.index_select(0, idx)), y.index_select(0, idx))
        loss.backward()
        opt.step()
        loss.item()
    dt = time.perf_counter() - t0
    with open('/proc/self/statm') as f:
        rss = int(f.read().split()[1]) * os.sysconf('SC_PAGE_SIZE')
    print(f'epoch {e} {rows / dt:.1f} {rss}', flush=True)
