using LlmLang.Runtime.Models;

namespace LlmLang.Runtime.Formats.Gguf;

/// <summary>
/// RoPE scaling in GGUF. Linear scaling uses llama.cpp's <c>{arch}.rope.scaling.*</c> keys. llama.cpp stores Llama 3
/// scaling only as a precomputed <c>rope_freqs.weight</c> tensor of per-frequency divisors; this project writes that
/// tensor for llama.cpp plus the parameters under <c>llmlang.rope_scaling.*</c>. Files with the tensor alone (llama.cpp's
/// Llama 3.x conversions) are read by recognising Llama 3's published parameters in it.
/// </summary>
internal static class GgufRopeScaling
{
    /// <summary>Name of llama.cpp's frequency-factor tensor.</summary>
    public const string FactorsTensor = "rope_freqs.weight";

    private const string Prefix = "llmlang.rope_scaling.";

    /// <summary>The scaling of <paramref name="file"/>, or null.</summary>
    public static RopeScaling? Read(GgufFile file, string arch, int headSize, float ropeTheta)
    {
        if (file.GetString(Prefix + "type") is string type)
            return new RopeScaling(type, Float(file, Prefix + "factor"), Float(file, Prefix + "low_freq_factor"),
                Float(file, Prefix + "high_freq_factor"), (int)(file.GetInteger(Prefix + "original_max_positions") ?? 8192));
        if (file.Tensors.TryGetValue(FactorsTensor, out var info)) return Recognise(file, info, arch, headSize, ropeTheta);
        return file.GetString($"{arch}.rope.scaling.type") switch
        {
            null or "none" => null,
            "linear" => new RopeScaling("linear", Float(file, $"{arch}.rope.scaling.factor")),
            var other => throw new ModelFormatException(file.Path, $"RoPE scaling \"{other}\" is not supported (supported: none, linear, llama3)"),
        };
    }

    /// <summary>Metadata entries for <paramref name="scaling"/>.</summary>
    public static IEnumerable<KeyValuePair<string, object>> Write(RopeScaling? scaling, string arch)
    {
        if (scaling is null) yield break;
        if (scaling.Type == "linear")
        {
            yield return new($"{arch}.rope.scaling.type", "linear");
            yield return new($"{arch}.rope.scaling.factor", scaling.Factor);
            yield break;
        }
        yield return new($"{arch}.rope.scaling.original_context_length", (uint)scaling.OriginalMaxPositions);
        yield return new(Prefix + "type", scaling.Type);
        yield return new(Prefix + "factor", scaling.Factor);
        yield return new(Prefix + "low_freq_factor", scaling.LowFreqFactor);
        yield return new(Prefix + "high_freq_factor", scaling.HighFreqFactor);
        yield return new(Prefix + "original_max_positions", (uint)scaling.OriginalMaxPositions);
    }

    /// <summary>llama.cpp's per-frequency divisors for Llama 3 scaling ([head/2]), or null for other scalings.</summary>
    public static float[]? Factors(ModelConfig config) =>
        config.RopeScaling is { Type: "llama3" } s ? Factors(s, config.HeadSize, config.RopeTheta) : null;

    private static float[] Factors(RopeScaling s, int headSize, float ropeTheta)
    {
        double lowWavelen = s.OriginalMaxPositions / s.LowFreqFactor, highWavelen = s.OriginalMaxPositions / s.HighFreqFactor;
        var factors = new float[headSize / 2];
        for (int i = 0; i < factors.Length; i++)
        {
            double wavelen = 2 * Math.PI * Math.Pow(ropeTheta, 2.0 * i / headSize);
            double smooth = (s.OriginalMaxPositions / wavelen - s.LowFreqFactor) / (s.HighFreqFactor - s.LowFreqFactor);
            factors[i] = wavelen < highWavelen ? 1f
                : wavelen > lowWavelen ? s.Factor
                : (float)(1 / ((1 - smooth) / s.Factor + smooth));
        }
        return factors;
    }

    // Llama 3.x use low/high frequency factors 1 and 4 and an original context of 8192 (or the file's
    // original_context_length); the factor is the largest divisor. Anything the recomputation does not reproduce is refused.
    private static RopeScaling Recognise(GgufFile file, GgufTensorInfo info, string arch, int headSize, float ropeTheta)
    {
        float[] actual;
        using (var tensor = file.ReadTensor(info)) actual = tensor.data<float>().ToArray();
        int original = (int)(file.GetInteger($"{arch}.rope.scaling.original_context_length") ?? 8192);
        var guess = new RopeScaling("llama3", actual.Length == 0 ? 1f : actual.Max(), 1f, 4f, original);
        var expected = Factors(guess, headSize, ropeTheta);
        if (expected.Length != actual.Length || expected.Zip(actual).Any(p => Math.Abs(p.First - p.Second) > 1e-3 * Math.Max(1, Math.Abs(p.Second))))
            throw new ModelFormatException(file.Path,
                $"tensor \"{FactorsTensor}\" does not match Llama 3 RoPE scaling (factor {guess.Factor}, low/high frequency factors 1/4, original context {original}); other frequency factors are not supported");
        return guess;
    }

    private static float Float(GgufFile file, string key) =>
        (float)(file.GetFloat(key) ?? throw new ModelFormatException(file.Path, $"metadata \"{key}\" is missing"));
}
