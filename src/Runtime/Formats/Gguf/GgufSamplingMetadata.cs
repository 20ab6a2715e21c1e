namespace LlmLang.Runtime.Formats.Gguf;

/// <summary>A model's recommended sampling settings as GGUF's <c>general.sampling.*</c> keys ↔ <see cref="GenerationDefaults"/>.</summary>
internal static class GgufSamplingMetadata
{
    private const string Temperature = "general.sampling.temp";
    private const string TopK = "general.sampling.top_k";
    private const string TopP = "general.sampling.top_p";
    private const string MinP = "general.sampling.min_p";
    private const string RepetitionPenalty = "general.sampling.penalty_repeat";

    /// <summary>The settings of <paramref name="file"/>, with the vocabulary's BOS/EOS ids.</summary>
    public static GenerationDefaults Read(GgufFile file, IReadOnlyList<int> eosIds, int? bosId) => new(
        eosIds,
        bosId,
        (float?)file.GetFloat(Temperature),
        (float?)file.GetFloat(TopP),
        (int?)file.GetInteger(TopK),
        (float?)file.GetFloat(MinP),
        (float?)file.GetFloat(RepetitionPenalty));

    /// <summary>Metadata entries for the settings that are present.</summary>
    public static IEnumerable<KeyValuePair<string, object>> Write(GenerationDefaults generation)
    {
        if (generation.Temperature is float t) yield return new(Temperature, t);
        if (generation.TopK is int k) yield return new(TopK, (uint)k);
        if (generation.TopP is float p) yield return new(TopP, p);
        if (generation.MinP is float m) yield return new(MinP, m);
        if (generation.RepetitionPenalty is float r) yield return new(RepetitionPenalty, r);
    }
}
