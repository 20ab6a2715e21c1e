using LlmLang.Runtime.Models;
using static TorchSharp.torch;

namespace LlmLang.Runtime.Layers;

/// <summary>
/// Rotary position embedding as a complex multiply: dimension pairs (2i, 2i+1) of a head are a complex number rotated
/// by <c>pos * theta^(-2i/d)</c> (optionally rescaled: Llama 3, linear). Checkpoints stored rotate-half are permuted to
/// this adjacent-pair layout when the model loads (see <see cref="Relayout"/>), so one kernel serves both.
/// </summary>
internal sealed class Rope : IDisposable
{
    private readonly Tensor _rotations; // complex64 [max_seq, head/2]

    public Rope(ModelConfig config, Device device)
    {
        int half = config.HeadSize / 2;
        double[] inverseFrequencies = InverseFrequencies(config.HeadSize, config.RopeTheta, config.RopeScaling);
        var cos = new float[config.MaxSeqLen * half];
        var sin = new float[config.MaxSeqLen * half];
        for (int pos = 0; pos < config.MaxSeqLen; pos++)
        {
            for (int i = 0; i < half; i++)
            {
                // llama2.c computes the angle in float32; doing the same keeps logits within its rounding.
                float angle = pos * (float)inverseFrequencies[i];
                cos[pos * half + i] = MathF.Cos(angle);
                sin[pos * half + i] = MathF.Sin(angle);
            }
        }
        using var re = tensor(cos, [config.MaxSeqLen, half], device: device);
        using var im = tensor(sin, [config.MaxSeqLen, half], device: device);
        _rotations = complex(re, im).DetachFromDisposeScope();
    }

    /// <summary>Rotations for tokens at <paramref name="positions"/> [T], for <paramref name="rotated"/> heads followed by
    /// <paramref name="unrotated"/> heads that pass through unchanged (the value heads of a fused qkv): complex [T, heads, head/2].</summary>
    public Tensor For(Tensor positions, int rotated, int unrotated)
    {
        using var scope = NewDisposeScope();
        var perToken = _rotations.index_select(0, positions).unsqueeze(1); // [T, 1, head/2]
        long tokens = positions.shape[0], half = perToken.shape[2];
        var rotations = perToken.expand(tokens, rotated, half);
        if (unrotated > 0)
            rotations = cat([rotations, ones([tokens, unrotated, half], complex64, positions.device)], 1);
        return rotations.contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>x: [T, heads * head] → rotated [T, heads, head].</summary>
    public static Tensor Apply(Tensor x, Tensor rotations)
    {
        using var scope = NewDisposeScope();
        long tokens = x.shape[0], heads = rotations.shape[1], half = rotations.shape[2];
        var pairs = view_as_complex(x.view(tokens, heads, half, 2));
        return view_as_real(pairs * rotations).view(tokens, heads, 2 * half).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The rows of a q or k projection (or bias) reordered per head from layout <paramref name="from"/> to
    /// <paramref name="to"/>: adjacent pairs index a head's rows as (i, 2), rotate-half as (2, i), so swapping the two
    /// axes converts either way, and the model computes the same function (K/V stored in a permuted but consistent
    /// order). <paramref name="rows"/> itself when the layouts are the same; otherwise a view where one is possible.
    /// </summary>
    public static Tensor Relayout(Tensor rows, int heads, RopeLayout from, RopeLayout to)
    {
        if (from == to) return rows;
        long half = rows.shape[0] / heads / 2;
        long[] rest = rows.shape.Skip(1).ToArray();
        var byHead = from == RopeLayout.AdjacentPairs ? rows.reshape([heads, half, 2, .. rest]) : rows.reshape([heads, 2, half, .. rest]);
        return byHead.transpose(1, 2).reshape(rows.shape);
    }

    /// <summary>Per-pair inverse frequencies, with Llama 3 or linear scaling applied.</summary>
    internal static double[] InverseFrequencies(int headSize, float theta, RopeScaling? scaling)
    {
        int half = headSize / 2;
        var inv = new double[half];
        for (int i = 0; i < half; i++)
            inv[i] = 1.0 / Math.Pow(theta, 2.0 * i / headSize);
        if (scaling is null) return inv;
        switch (scaling.Type)
        {
            case "linear":
                for (int i = 0; i < half; i++) inv[i] /= scaling.Factor;
                return inv;
            case "llama3":
                double lowWavelength = scaling.OriginalMaxPositions / scaling.LowFreqFactor;
                double highWavelength = scaling.OriginalMaxPositions / scaling.HighFreqFactor;
                for (int i = 0; i < half; i++)
                {
                    double wavelength = 2 * Math.PI / inv[i];
                    if (wavelength > lowWavelength)
                        inv[i] /= scaling.Factor;
                    else if (wavelength >= highWavelength)
                    {
                        double smooth = (scaling.OriginalMaxPositions / wavelength - scaling.LowFreqFactor)
                                        / (scaling.HighFreqFactor - scaling.LowFreqFactor);
                        inv[i] = (1 - smooth) * inv[i] / scaling.Factor + smooth * inv[i];
                    }
                }
                return inv;
            default:
                throw new NotSupportedException($"rope_scaling type \"{scaling.Type}\" is not supported (supported: linear, llama3)");
        }
    }

    public void Dispose() => _rotations.Dispose();
}
