using System.Collections.Concurrent;
using LlmLang.Runtime.Chat.Jinja;
using LlmLang.Runtime.Tokenization;

namespace LlmLang.Runtime.Chat;

/// <summary>
/// A model's Hugging Face chat template (Jinja2), parsed once and rendered exactly as <c>transformers</c> does
/// (<c>trim_blocks</c>, <c>lstrip_blocks</c>, loop controls, <c>raise_exception</c>, <c>strftime_now</c>, its
/// <c>tojson</c>). Parsed templates are cached by source text; instances are immutable and thread-safe.
/// </summary>
public sealed class ChatTemplate
{
    private const int CacheLimit = 64;
    private static readonly ConcurrentDictionary<string, JinjaTemplate> ParsedCache = new(StringComparer.Ordinal);

    private readonly JinjaTemplate _template;
    private readonly Lazy<ChatTemplateFormat> _format;

    private ChatTemplate(string source, JinjaTemplate template, string? bosToken, string? eosToken)
    {
        Source = source;
        _template = template;
        BosToken = bosToken;
        EosToken = eosToken;
        _format = new Lazy<ChatTemplateFormat>(() => ChatFormatDeriver.Derive(this));
    }

    /// <summary>The Jinja source.</summary>
    public string Source { get; }

    /// <summary>The text of the BOS token (<c>bos_token</c> in the template); null leaves it undefined.</summary>
    public string? BosToken { get; }

    /// <summary>The text of the EOS token (<c>eos_token</c> in the template); null leaves it undefined.</summary>
    public string? EosToken { get; }

    /// <summary>Parses a template (or takes it from the cache).</summary>
    /// <exception cref="ChatTemplateException">A syntax error, or an unknown tag, filter or test, with its line and column.</exception>
    public static ChatTemplate Parse(string template, string? bosToken, string? eosToken)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (!ParsedCache.TryGetValue(template, out JinjaTemplate? parsed))
        {
            parsed = JinjaTemplate.Parse(template);
            if (ParsedCache.Count >= CacheLimit) ParsedCache.Clear();
            ParsedCache[template] = parsed;
        }
        return new ChatTemplate(template, parsed, bosToken, eosToken);
    }

    /// <summary>The template a vocabulary carries (tokenizer_config.json or GGUF), with its BOS and first EOS token
    /// texts; null when it has none.</summary>
    public static ChatTemplate? ForTokenizer(TokenizerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.ChatTemplate is null) return null;
        string? Text(int? id) => id is int i && i >= 0 && i < spec.Tokens.Count ? spec.Tokens[i] : null;
        return Parse(spec.ChatTemplate, Text(spec.BosId), Text(spec.EosIds.Count > 0 ? spec.EosIds[0] : null));
    }

    /// <summary>Renders a conversation. The template sees <c>messages</c> (dicts with <c>role</c>, <c>content</c> and
    /// each message's <see cref="ChatMessage.Fields"/>), <c>add_generation_prompt</c>, <c>bos_token</c>, <c>eos_token</c>,
    /// and the <paramref name="extra"/> variables (e.g. <c>tools</c>, <c>enable_thinking</c>).</summary>
    /// <exception cref="ChatTemplateException">A render error, or the template's <c>raise_exception</c> (see
    /// <see cref="ChatTemplateException.RaisedByTemplate"/>).</exception>
    public string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt, IReadOnlyDictionary<string, object?>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (extra is not null)
            foreach (KeyValuePair<string, object?> pair in extra) variables[pair.Key] = pair.Value;
        variables["messages"] = messages.Select(MessageObject).ToList();
        variables["add_generation_prompt"] = addGenerationPrompt;
        if (BosToken is not null) variables["bos_token"] = BosToken;
        if (EosToken is not null) variables["eos_token"] = EosToken;
        return _template.Render(variables);
    }

    private static Dictionary<string, object?> MessageObject(ChatMessage message)
    {
        var fields = new Dictionary<string, object?>(StringComparer.Ordinal) { ["role"] = message.Role, ["content"] = message.Content };
        if (message.Fields is not null)
            foreach (KeyValuePair<string, object?> pair in message.Fields) fields[pair.Key] = pair.Value;
        return fields;
    }

    /// <summary>
    /// The template as per-role prefix/suffix strings (computed once, then cached).
    /// <para>Method: render probe conversations ([user], [user, assistant], [user, assistant, user], …, and the same
    /// with a leading system message) whose contents are unique sentinels, with and without the generation prompt.
    /// Cutting each rendering at the sentinels gives texts of the form <c>Start + Prefix(first)</c>,
    /// <c>Suffix(a) + Prefix(b)</c> between neighbours, and <c>Suffix(last) + End</c> or
    /// <c>Suffix(last) + GenerationPrompt</c> at the end. The unknowns are solved from these equations by choosing
    /// <c>Start</c> (the BOS text if the rendering starts with it, else the shortest choice that works) and
    /// propagating; every equation must then hold exactly. An assistant turn that ends the conversation may get its own
    /// prefix (<see cref="ChatTemplateFormat.FinalAssistantPrefix"/>). Finally, reference conversations with ordinary content
    /// (several turns, line breaks, surrounding spaces) are rendered both by the template and by the format, and must
    /// match character for character.</para>
    /// </summary>
    /// <exception cref="ChatFormatException">The template's user and assistant turns cannot be written as
    /// prefix + content + suffix. (A system turn that cannot be — Llama 2 merges it into the first user turn — or that
    /// the template refuses gives <see cref="ChatTemplateFormat.System"/> = null with the reason instead.)</exception>
    public ChatTemplateFormat DeriveFormat() => _format.Value;
}
