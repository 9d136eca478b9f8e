using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepStats.Core.Training;

/// <summary>Writes every epoch's metrics as TensorBoard scalars (TorchSharp's SummaryWriter) under a log folder.</summary>
public sealed class TensorBoardLogger : TrainingCallback, IDisposable
{
    private readonly string _path;
    private SummaryWriter? _writer;

    public TensorBoardLogger(string path) => _path = path;

    public override void OnTrainBegin(TrainingContext context) => _writer = utils.tensorboard.SummaryWriter(_path);

    public override void OnEpochEnd(TrainingContext context, EpochRecord record)
    {
        foreach (var (name, value) in record.Metrics)
            if (double.IsFinite(value)) _writer?.add_scalar(name, (float)value, record.Epoch);
    }

    public override void OnTrainEnd(TrainingContext context) => Dispose();
    public override void OnFailure(TrainingContext context, Exception error) => Dispose();

    public void Dispose()
    {
        (_writer as IDisposable)?.Dispose();
        _writer = null;
    }
}
