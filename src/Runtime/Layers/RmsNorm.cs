using TorchSharp;
using static TorchSharp.torch;

namespace LlmLang.Runtime.Layers;

/// <summary>
/// Root-mean-square layer norm: <c>x / sqrt(mean(x²) + eps) * weight</c> over the last dimension. Without a weight it
/// only normalises: the decoder layers fold their norm weights into the next projection's rows instead.
/// </summary>
internal sealed class RmsNorm(Tensor? weight, float eps) : IDisposable
{
    // Held for the layer's lifetime: see Scalars.
    private readonly Scalar _eps = eps.ToScalar();

    /// <summary>x: [T, dim] → [T, dim].</summary>
    public Tensor Forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var scale = x.mul(x).mean([-1L], keepdim: true).add_(_eps, Scalars.One).rsqrt_();
        var normed = x * scale;
        return (weight is null ? normed : normed.mul_(weight)).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        weight?.Dispose();
        _eps.Dispose();
    }
}
