namespace LlmLang.Runtime.Chat.Jinja;

/// <summary>A Python dict: string keys in insertion order (templates print and serialize dicts in that order).</summary>
internal sealed class JinjaDict : OrderedDictionary<string, object?>
{
    public JinjaDict() : base(StringComparer.Ordinal)
    {
    }
}
