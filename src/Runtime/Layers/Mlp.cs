using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LlmLang.Runtime.Layers;

/// <summary>SwiGLU feed-forward: <c>w2(silu(w1 x) * w3 x)</c>, with w1 and w3 fused into one projection.</summary>
internal sealed class Mlp(Tensor w13, Tensor w2, int hidden) : IDisposable
{
    /// <summary>x: [T, dim] → [T, dim].</summary>
    public Tensor Forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var gateUp = F.linear(x, w13);             // [T, 2 * hidden]
        var gate = gateUp.narrow(1, 0, hidden);
        var up = gateUp.narrow(1, hidden, hidden);
        return F.linear(F.silu(gate).mul_(up), w2).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        w13.Dispose();
        w2.Dispose();
    }
}
