using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LlmLang.Runtime.Layers;

/// <summary>SwiGLU feed-forward: <c>w2(silu(w1 x) * w3 x)</c>, with w1 and w3 fused into one projection.
/// Weights are stored [in, out]: w13 [dim, 2 * hidden], w2 [hidden, dim].</summary>
internal sealed class Mlp(Tensor w13, Tensor w2, int hidden) : IDisposable
{
    /// <summary>x: [T, dim] → [T, dim].</summary>
    public Tensor Forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var gateUp = x.matmul(w13);                // [T, 2 * hidden]
        var gate = gateUp.narrow(1, 0, hidden);
        var up = gateUp.narrow(1, hidden, hidden);
        return F.silu(gate).mul_(up).matmul(w2).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        w13.Dispose();
        w2.Dispose();
    }
}
