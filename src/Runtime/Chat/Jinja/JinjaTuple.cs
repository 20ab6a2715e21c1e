namespace LlmLang.Runtime.Chat.Jinja;

/// <summary>A Python tuple: a list that prints with parentheses (<c>(1, 2)</c>, <c>dict.items()</c> pairs).</summary>
internal sealed class JinjaTuple : List<object?>
{
    public JinjaTuple(IEnumerable<object?> items) : base(items)
    {
    }
}
