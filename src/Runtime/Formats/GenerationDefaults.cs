using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlmLang.Runtime.Formats;

/// <summary>A model's suggested generation settings (Hugging Face <c>generation_config.json</c>); null where unspecified.</summary>
/// <param name="EosIds">Ids that end generation.</param>
/// <param name="BosId">Beginning-of-sequence id.</param>
/// <param name="Temperature">Sampling temperature.</param>
/// <param name="TopP">Nucleus sampling mass.</param>
/// <param name="TopK">Top-k cut-off.</param>
/// <param name="MinP">Min-p cut-off.</param>
/// <param name="RepetitionPenalty">Repetition penalty.</param>
/// <param name="DoSample">False when the model recommends greedy decoding.</param>
/// <param name="MaxNewTokens">Suggested generation length.</param>
public sealed record GenerationDefaults(
    IReadOnlyList<int> EosIds,
    int? BosId = null,
    float? Temperature = null,
    float? TopP = null,
    int? TopK = null,
    float? MinP = null,
    float? RepetitionPenalty = null,
    bool? DoSample = null,
    int? MaxNewTokens = null)
{
    /// <summary>The file name inside a Hugging Face folder.</summary>
    public const string FileName = "generation_config.json";

    /// <summary>Reads <c>generation_config.json</c>; ids missing there fall back to <paramref name="fallbackEos"/>.</summary>
    /// <exception cref="ModelFormatException">The file is not valid JSON or a field has the wrong type.</exception>
    public static GenerationDefaults Read(string path, IReadOnlyList<int> fallbackEos)
    {
        try
        {
            var json = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw new ModelFormatException(path, "expected a JSON object");
            var eos = json["eos_token_id"] switch
            {
                null => fallbackEos,
                JsonArray a => a.Select(n => n!.GetValue<int>()).ToArray(),
                var n => [n.GetValue<int>()],
            };
            return new GenerationDefaults(eos,
                json["bos_token_id"]?.GetValue<int>(),
                json["temperature"]?.GetValue<float>(),
                json["top_p"]?.GetValue<float>(),
                json["top_k"]?.GetValue<int>(),
                json["min_p"]?.GetValue<float>(),
                json["repetition_penalty"]?.GetValue<float>(),
                json["do_sample"]?.GetValue<bool>(),
                json["max_new_tokens"]?.GetValue<int>());
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new ModelFormatException(path, $"malformed generation config: {e.Message}", e);
        }
    }

    /// <summary>Writes this as <c>generation_config.json</c> into <paramref name="directory"/>.</summary>
    public void Write(string directory)
    {
        var json = new JsonObject();
        if (BosId is int bos) json["bos_token_id"] = bos;
        json["eos_token_id"] = EosIds.Count == 1 ? JsonValue.Create(EosIds[0]) : new JsonArray(EosIds.Select(i => (JsonNode)i).ToArray());
        if (DoSample is bool sample) json["do_sample"] = sample;
        if (Temperature is float t) json["temperature"] = t;
        if (TopP is float p) json["top_p"] = p;
        if (TopK is int k) json["top_k"] = k;
        if (MinP is float m) json["min_p"] = m;
        if (RepetitionPenalty is float r) json["repetition_penalty"] = r;
        if (MaxNewTokens is int n) json["max_new_tokens"] = n;
        File.WriteAllText(Path.Combine(directory, FileName), json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
