using static TorchSharp.torch;

namespace LlmLang.Runtime.Layers;

/// <summary>Root-mean-square layer norm: <c>x / sqrt(mean(x²) + eps) * weight</c> over the last dimension.</summary>
internal sealed class RmsNorm(Tensor weight, float eps) : IDisposable
{
    /// <summary>x: [T, dim] → [T, dim].</summary>
    public Tensor Forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var scale = x.square().mean([-1L], keepdim: true).add_(eps).rsqrt_();
        return (x * scale).mul_(weight).MoveToOuterDisposeScope();
    }

    public void Dispose() => weight.Dispose();
}
