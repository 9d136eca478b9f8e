using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepStats.Core.Training;

/// <summary>
/// Moves every parameter of a module into one contiguous buffer, and every gradient into another, the
/// module's parameters and gradients becoming views into them. An optimiser given the one flat
/// parameter then updates all weights with a handful of whole-buffer operations instead of a few
/// small ones per parameter tensor; since Adam, AdamW, SGD and RMSprop act element by element, the
/// update is the same. Autograd accumulates into an existing gradient in place, so the views keep
/// receiving the gradients; they are zeroed with one in-place fill (<see cref="ZeroGrad"/>), never
/// set to null (which would detach them from the buffer). TorchSharp 0.107's optimiser zero_grad zeroes in place
/// too (checked), but one fill of the flat buffer is one operation instead of one per parameter.
/// </summary>
public sealed class FlatParameters : IDisposable
{
    private readonly Tensor _grad;

    public FlatParameters(nn.Module<Tensor, Tensor> module)
    {
        var parameters = module.parameters().ToList();
        if (parameters.Any(p => p.dtype != ScalarType.Float32))
            throw new ArgumentException("Only float32 parameters can share one buffer.", nameof(module));
        long total = parameters.Sum(p => p.numel());
        Parameter = new Parameter(zeros(total), true);
        _grad = zeros(total);
        using var _ = no_grad();
        long offset = 0;
        foreach (var p in parameters)
        {
            long n = p.numel();
            using (var slot = Parameter.narrow(0, offset, n))
            using (var values = p.detach().reshape(-1))
                slot.copy_(values);
            using (var data = Parameter.detach().narrow(0, offset, n).view(p.shape)) p.set_(data);
            using (var g = _grad.narrow(0, offset, n).view(p.shape)) p.grad = g;
            offset += n;
        }
        Parameter.grad = _grad;
    }

    /// <summary>All weights, in module order; hand this to the optimiser.</summary>
    public Parameter Parameter { get; }

    /// <summary>Zeroes every gradient with one fill, keeping the views.</summary>
    public void ZeroGrad() => _grad.zero_();

    public void Dispose()
    {
        _grad.Dispose();
        Parameter.Dispose();
    }
}
