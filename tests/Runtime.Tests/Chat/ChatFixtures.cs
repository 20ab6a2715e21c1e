using System.Text.Json;
using LlmLang.Runtime.Chat;
using LlmLang.TestSupport;

namespace LlmLang.Runtime.Tests.Chat;

/// <summary>Chat templates of the shared tokenizers, with bos/eos from their tokenizer_config.json.</summary>
internal static class ChatFixtures
{
    public static ChatTemplate Template(string tokenizer)
    {
        using JsonDocument config = JsonDocument.Parse(File.ReadAllText(SharedFixtures.Require($"tokenizers/{tokenizer}/tokenizer_config.json")));
        JsonElement root = config.RootElement;
        string? Token(string name) => root.TryGetProperty(name, out JsonElement t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        return ChatTemplate.Parse(root.GetProperty("chat_template").GetString()!, Token("bos_token"), Token("eos_token"));
    }
}
