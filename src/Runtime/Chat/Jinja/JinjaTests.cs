namespace LlmLang.Runtime.Chat.Jinja;

/// <summary>Jinja's tests: <c>value is name(args)</c>.</summary>
internal static class JinjaTests
{
    private static readonly Dictionary<string, Func<object?, JinjaArguments, bool>> Catalog = new(StringComparer.Ordinal)
    {
        ["defined"] = (v, _) => v is not JinjaUndefined,
        ["undefined"] = (v, _) => v is JinjaUndefined,
        ["none"] = (v, _) => v is null,
        ["boolean"] = (v, _) => v is bool,
        ["true"] = (v, _) => v is true,
        ["false"] = (v, _) => v is false,
        ["integer"] = (v, _) => v is long,
        ["float"] = (v, _) => v is double,
        ["number"] = (v, _) => v is long or double or bool,
        ["string"] = (v, _) => v is string,
        ["mapping"] = (v, _) => v is JinjaDict,
        ["sequence"] = (v, _) => v is string or List<object?> or JinjaDict,
        ["iterable"] = (v, _) => v is string or List<object?> or JinjaDict,
        ["callable"] = (v, _) => v is JinjaCallable,
        ["odd"] = (v, _) => Integer(v, "odd") % 2 != 0,
        ["even"] = (v, _) => Integer(v, "even") % 2 == 0,
        ["divisibleby"] = (v, a) => Integer(v, "divisibleby") % Integer(a.Get(0, "num"), "divisibleby") == 0,
        ["lower"] = (v, _) => v is string s && s == s.ToLowerInvariant(),
        ["upper"] = (v, _) => v is string s && s == s.ToUpperInvariant(),
        ["in"] = (v, a) => JinjaOperators.Contains(a.Get(0, "seq"), v),
        ["sameas"] = (v, a) => ReferenceEquals(v, a.Get(0, "other")) || (v is null && a.Get(0, "other") is null)
            || (v is bool b && a.Get(0, "other") is bool c && b == c),
        ["eq"] = (v, a) => JinjaValues.Equals(v, a.Get(0, "other")),
        ["ne"] = (v, a) => !JinjaValues.Equals(v, a.Get(0, "other")),
        ["lt"] = (v, a) => JinjaValues.Compare(v, a.Get(0, "other"), "<") < 0,
        ["le"] = (v, a) => JinjaValues.Compare(v, a.Get(0, "other"), "<=") <= 0,
        ["gt"] = (v, a) => JinjaValues.Compare(v, a.Get(0, "other"), ">") > 0,
        ["ge"] = (v, a) => JinjaValues.Compare(v, a.Get(0, "other"), ">=") >= 0,
    };

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["equalto"] = "eq", ["=="] = "eq", ["!="] = "ne", ["<"] = "lt", ["<="] = "le", [">"] = "gt", [">="] = "ge",
        ["lessthan"] = "lt", ["greaterthan"] = "gt",
    };

    public static bool Exists(string name) => Catalog.ContainsKey(Aliases.GetValueOrDefault(name, name));

    public static bool Apply(string name, object? value, JinjaArguments arguments) =>
        Catalog.TryGetValue(Aliases.GetValueOrDefault(name, name), out var test) ? test(value, arguments) : throw new JinjaError($"unknown test '{name}'");

    private static long Integer(object? value, string test) =>
        value as long? ?? (value is bool b ? (b ? 1 : 0) : throw new JinjaError($"test '{test}' expects an integer, got {JinjaValues.TypeName(value)}"));
}
