using LlmLang.Runtime.Models;
using static TorchSharp.torch;

namespace LlmLang.Runtime.Layers;

/// <summary>
/// Rotary position embedding. Frequencies follow <c>theta^(-2i/d)</c>, optionally rescaled (Llama 3, linear);
/// the pairing of dimensions follows the checkpoint's layout (adjacent pairs or rotate-half).
/// </summary>
internal sealed class Rope : IDisposable
{
    private readonly Tensor _cos; // [max_seq, head/2]
    private readonly Tensor _sin; // [max_seq, head/2]
    private readonly RopeLayout _layout;
    private readonly int _half;

    public Rope(ModelConfig config, Device device)
    {
        _layout = config.RopeLayout;
        int headSize = config.HeadSize;
        _half = headSize / 2;
        double[] inverseFrequencies = InverseFrequencies(headSize, config.RopeTheta, config.RopeScaling);
        var cos = new float[config.MaxSeqLen * _half];
        var sin = new float[config.MaxSeqLen * _half];
        for (int pos = 0; pos < config.MaxSeqLen; pos++)
        {
            for (int i = 0; i < _half; i++)
            {
                // llama2.c computes the angle in float32; doing the same keeps logits within its rounding.
                float angle = pos * (float)inverseFrequencies[i];
                cos[pos * _half + i] = MathF.Cos(angle);
                sin[pos * _half + i] = MathF.Sin(angle);
            }
        }
        _cos = tensor(cos, [config.MaxSeqLen, _half], device: device).DetachFromDisposeScope();
        _sin = tensor(sin, [config.MaxSeqLen, _half], device: device).DetachFromDisposeScope();
    }

    /// <summary>Rotates x: [T, heads, head] in place-free fashion for the tokens' positions [T].</summary>
    public Tensor Apply(Tensor x, Tensor positions)
    {
        using var scope = NewDisposeScope();
        var cos = _cos.index_select(0, positions).unsqueeze(1); // [T, 1, head/2]
        var sin = _sin.index_select(0, positions).unsqueeze(1);
        Tensor rotated;
        if (_layout == RopeLayout.AdjacentPairs)
        {
            var pairs = x.unflatten(x.dim() - 1, [_half, 2]);        // [T, heads, head/2, 2]
            var even = pairs.select(-1, 0);
            var odd = pairs.select(-1, 1);
            rotated = stack([even * cos - odd * sin, even * sin + odd * cos], -1).flatten(x.dim() - 1);
        }
        else
        {
            var first = x.narrow(-1, 0, _half);
            var second = x.narrow(-1, _half, _half);
            rotated = cat([first * cos - second * sin, second * cos + first * sin], -1);
        }
        return rotated.MoveToOuterDisposeScope();
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

    public void Dispose()
    {
        _cos.Dispose();
        _sin.Dispose();
    }
}
