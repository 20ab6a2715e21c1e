using System.Buffers;
using System.Numerics.Tensors;

namespace LlmLang.Runtime.Sampling;

/// <summary>Log-normaliser of a row of logits, vectorised; shared by sampling and scoring.</summary>
internal static class LogSoftmax
{
    /// <summary><c>log Σ exp(logit)</c>, stable (masked logits are -inf and contribute 0). -inf when everything is masked.</summary>
    public static double LogSumExp(ReadOnlySpan<float> logits)
    {
        float max = TensorPrimitives.Max(logits);
        if (float.IsNegativeInfinity(max)) return double.NegativeInfinity;
        float[] scratch = ArrayPool<float>.Shared.Rent(logits.Length);
        var buffer = scratch.AsSpan(0, logits.Length);
        TensorPrimitives.Subtract(logits, max, buffer);
        TensorPrimitives.Exp(buffer, buffer);
        double sum = TensorPrimitives.Sum<float>(buffer);
        ArrayPool<float>.Shared.Return(scratch);
        return max + Math.Log(sum);
    }
}
