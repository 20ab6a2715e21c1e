namespace LlmLang.Runtime.Chat.Jinja;

/// <summary>The <c>loop</c> variable inside a for loop.</summary>
internal sealed class JinjaLoop(IReadOnlyList<object?> items)
{
    public int Index0 { get; set; }

    public object? Attribute(string name) => name switch
    {
        "index" => (long)Index0 + 1,
        "index0" => (long)Index0,
        "revindex" => (long)(items.Count - Index0),
        "revindex0" => (long)(items.Count - Index0 - 1),
        "first" => Index0 == 0,
        "last" => Index0 == items.Count - 1,
        "length" => (long)items.Count,
        "previtem" => Index0 > 0 ? items[Index0 - 1] : new JinjaUndefined("there is no previous item"),
        "nextitem" => Index0 < items.Count - 1 ? items[Index0 + 1] : new JinjaUndefined("there is no next item"),
        "depth" => 1L,
        "depth0" => 0L,
        "cycle" => new JinjaCallable("loop.cycle", args =>
            args.Positional.Count == 0 ? throw new JinjaError("loop.cycle() needs at least one value") : args.Positional[Index0 % args.Positional.Count]),
        _ => new JinjaUndefined($"'loop' has no attribute '{name}'"),
    };
}
