using LlmLang.Runtime.Models;

namespace LlmLang.Runtime.Formats.Gguf;

/// <summary>
/// RoPE scaling in GGUF. Linear scaling uses llama.cpp's <c>{arch}.rope.scaling.*</c> keys. llama.cpp stores Llama 3
/// scaling only as a precomputed <c>rope_freqs.weight</c> tensor of per-frequency divisors; this project writes that
/// tensor for llama.cpp plus the parameters under <c>llmlang.rope_scaling.*</c>, which its reader needs.
/// </summary>
internal static class GgufRopeScaling
{
    /// <summary>Name of llama.cpp's frequency-factor tensor.</summary>
    public const string FactorsTensor = "rope_freqs.weight";

    private const string Prefix = "llmlang.rope_scaling.";

    /// <summary>The scaling of <paramref name="file"/>, or null.</summary>
    public static RopeScaling? Read(GgufFile file, string arch)
    {
        if (file.GetString(Prefix + "type") is string type)
            return new RopeScaling(type, Float(file, Prefix + "factor"), Float(file, Prefix + "low_freq_factor"),
                Float(file, Prefix + "high_freq_factor"), (int)(file.GetInteger(Prefix + "original_max_positions") ?? 8192));
        if (file.Tensors.ContainsKey(FactorsTensor))
            throw new ModelFormatException(file.Path, $"tensor \"{FactorsTensor}\" (precomputed RoPE frequency factors) is not supported without {Prefix}* metadata");
        return file.GetString($"{arch}.rope.scaling.type") switch
        {
            null or "none" => null,
            "linear" => new RopeScaling("linear", Float(file, $"{arch}.rope.scaling.factor")),
            var other => throw new ModelFormatException(file.Path, $"RoPE scaling \"{other}\" is not supported (supported: none, linear)"),
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
        yield return new(Prefix + "type", scaling.Type);
        yield return new(Prefix + "factor", scaling.Factor);
        yield return new(Prefix + "low_freq_factor", scaling.LowFreqFactor);
        yield return new(Prefix + "high_freq_factor", scaling.HighFreqFactor);
        yield return new(Prefix + "original_max_positions", (uint)scaling.OriginalMaxPositions);
    }

    /// <summary>llama.cpp's per-frequency divisors for Llama 3 scaling ([head/2]), or null for other scalings.</summary>
    public static float[]? Factors(ModelConfig config)
    {
        if (config.RopeScaling is not { Type: "llama3" } s) return null;
        int half = config.HeadSize / 2;
        double lowWavelen = s.OriginalMaxPositions / s.LowFreqFactor, highWavelen = s.OriginalMaxPositions / s.HighFreqFactor;
        var factors = new float[half];
        for (int i = 0; i < half; i++)
        {
            double wavelen = 2 * Math.PI * Math.Pow(config.RopeTheta, 2.0 * i / config.HeadSize);
            double smooth = (s.OriginalMaxPositions / wavelen - s.LowFreqFactor) / (s.HighFreqFactor - s.LowFreqFactor);
            factors[i] = wavelen < highWavelen ? 1f
                : wavelen > lowWavelen ? s.Factor
                : (float)(1 / ((1 - smooth) / s.Factor + smooth));
        }
        return factors;
    }

    private static float Float(GgufFile file, string key) =>
        (float)(file.GetFloat(key) ?? throw new ModelFormatException(file.Path, $"metadata \"{key}\" is missing"));
}
