using System.Text.Json;

namespace LlmLang.Runtime.Tokenization;

/// <summary>What a tokenizer reader takes from Hugging Face's <c>tokenizer_config.json</c>.</summary>
internal sealed record TokenizerConfigJson(string? BosToken, string? EosToken, string? PadToken, bool? AddBosToken, string? ChatTemplate)
{
    public static TokenizerConfigJson Empty { get; } = new(null, null, null, null, null);

    public static TokenizerConfigJson Read(string path)
    {
        using JsonDocument document = TokenizerFile.ReadJson(path);
        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new TokenizerFormatException(path, "not a JSON object");
        try
        {
            return new TokenizerConfigJson(Token(root, "bos_token"), Token(root, "eos_token"), Token(root, "pad_token"),
                root.TryGetProperty("add_bos_token", out JsonElement add) && add.ValueKind is JsonValueKind.True or JsonValueKind.False ? add.GetBoolean() : null,
                ReadChatTemplate(root));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            throw new TokenizerFormatException(path, e.Message, e);
        }
    }

    // A special token is a string or an object with "content".
    private static string? Token(JsonElement root, string name) =>
        !root.TryGetProperty(name, out JsonElement token) ? null
        : token.ValueKind == JsonValueKind.String ? token.GetString()
        : TokenizerJsonReader.OptionalString(token, "content");

    // A single template, or a list of named ones of which "default" is the chat template.
    private static string? ReadChatTemplate(JsonElement root)
    {
        if (!root.TryGetProperty("chat_template", out JsonElement template)) return null;
        if (template.ValueKind == JsonValueKind.String) return template.GetString();
        if (template.ValueKind != JsonValueKind.Array) return null;
        var named = template.EnumerateArray().ToDictionary(t => TokenizerJsonReader.OptionalString(t, "name") ?? "", t => TokenizerJsonReader.OptionalString(t, "template"));
        return named.GetValueOrDefault("default") ?? named.Values.FirstOrDefault();
    }
}
