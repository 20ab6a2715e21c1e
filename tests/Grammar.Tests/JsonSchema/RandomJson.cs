using System.Globalization;
using System.Text;

namespace LlmLang.Grammar.Tests.JsonSchema;

/// <summary>
/// Random JSON values and random schemas over a small universe (keys a-d in alphabetical order, small numbers,
/// short strings with quotes and non-ASCII), so that values often land near schema boundaries.
/// </summary>
public sealed class RandomJson(int seed)
{
    private static readonly string[] Keys = ["a", "b", "c", "d"];
    private static readonly string[] Types = ["null", "boolean", "object", "array", "string", "integer", "number"];
    private readonly Random _random = new(seed);
    // Excluded numbers draw from their own stream, so the schemas and values of the main one stay as they were.
    private readonly Random _excluded = new(seed + 7919);

    private string ExcludedNumber() => ((_excluded.Next(21) - 10) / 2.0).ToString(CultureInfo.InvariantCulture);

    public string Value(int depth = 2) => _random.Next(depth > 0 ? 8 : 5) switch
    {
        0 => "null",
        1 => _random.Next(2) == 0 ? "true" : "false",
        2 => Number(),
        3 or 4 => Str(),
        5 or 6 => "[" + string.Join(",", Enumerable.Range(0, _random.Next(4)).Select(_ => Value(depth - 1))) + "]",
        _ => "{" + string.Join(",", Keys.Where(_ => _random.Next(2) == 0).Select(k => $"\"{k}\":{Value(depth - 1)}")) + "}",
    };

    public string Schema(int depth = 2)
    {
        int pick = _random.Next(depth > 0 ? 12 : 7);
        if (pick == 0) return _random.Next(4) == 0 ? "false" : "true";
        if (pick == 1) return $"{{\"enum\":[{string.Join(",", Enumerable.Range(0, 1 + _random.Next(3)).Select(_ => Value(1)))}]}}";
        if (pick == 2) return $"{{\"const\":{Value(1)}}}";
        if (pick >= 9)
        {
            string keyword = new[] { "anyOf", "allOf", "oneOf" }[pick - 9];
            return $"{{\"{keyword}\":[{string.Join(",", Enumerable.Range(0, 1 + _random.Next(3)).Select(_ => Schema(depth - 1)))}]}}";
        }
        var parts = new List<string>();
        string type = Types[_random.Next(Types.Length)];
        if (_random.Next(4) > 0) parts.Add(_random.Next(5) == 0 ? $"\"type\":[\"{type}\",\"null\"]" : $"\"type\":\"{type}\"");
        switch (type)
        {
            case "string":
                Maybe(parts, "minLength", _random.Next(3).ToString(CultureInfo.InvariantCulture));
                if (_random.Next(5) == 0) parts.Add($"\"not\":{{\"enum\":[{Str()},{Str()}]}}");
                Maybe(parts, "maxLength", _random.Next(4).ToString(CultureInfo.InvariantCulture));
                break;
            case "integer" or "number":
                string Bound() => type == "integer" || _random.Next(2) == 0 ? (_random.Next(11) - 5).ToString(CultureInfo.InvariantCulture) : Number();
                Maybe(parts, "minimum", Bound());
                Maybe(parts, "maximum", Bound());
                Maybe(parts, "exclusiveMinimum", Bound());
                Maybe(parts, "exclusiveMaximum", Bound());
                if (type == "integer") Maybe(parts, "multipleOf", (2 + _random.Next(3)).ToString(CultureInfo.InvariantCulture));
                if (_excluded.Next(5) == 0) parts.Add($"\"not\":{{\"enum\":[{ExcludedNumber()},{ExcludedNumber()}]}}");
                break;
            case "array" when depth > 0:
                if (_random.Next(3) == 0) parts.Add($"\"prefixItems\":[{string.Join(",", Enumerable.Range(0, 1 + _random.Next(2)).Select(_ => Schema(depth - 1)))}]");
                Maybe(parts, "items", Schema(depth - 1));
                Maybe(parts, "minItems", _random.Next(3).ToString(CultureInfo.InvariantCulture));
                Maybe(parts, "maxItems", _random.Next(4).ToString(CultureInfo.InvariantCulture));
                if (_random.Next(4) == 0) parts.Add("\"uniqueItems\":true");
                else if (_random.Next(3) == 0)
                {
                    parts.Add($"\"contains\":{Schema(depth - 1)}");
                    Maybe(parts, "minContains", _random.Next(3).ToString(CultureInfo.InvariantCulture));
                    Maybe(parts, "maxContains", _random.Next(3).ToString(CultureInfo.InvariantCulture));
                }
                break;
            case "object" when depth > 0:
                var declared = Keys.Take(3).Where(_ => _random.Next(2) == 0).ToList();
                if (declared.Count > 0) parts.Add("\"properties\":{" + string.Join(",", declared.Select(k => $"\"{k}\":{Schema(depth - 1)}")) + "}");
                // Required-only keys come after declared ones in schema order: only "d" (last) may be undeclared.
                var required = declared.Append("d").Where(_ => _random.Next(4) == 0).ToList();
                if (required.Count > 0) parts.Add("\"required\":[" + string.Join(",", required.Select(k => $"\"{k}\"")) + "]");
                Maybe(parts, "additionalProperties", _random.Next(3) switch { 0 => "false", 1 => "true", _ => Schema(depth - 1) });
                // A dependency makes its keys required in one branch: the same schema-order rule applies to them.
                var named = declared.Append("d").ToList();
                string Named() => named[_random.Next(named.Count)];
                if (_random.Next(4) == 0) parts.Add($"\"dependentRequired\":{{\"{Named()}\":[\"{Named()}\"]}}");
                if (_random.Next(5) == 0) parts.Add($"\"dependentSchemas\":{{\"{Named()}\":{Schema(depth - 1)}}}");
                if (_random.Next(5) == 0)
                    parts.Add($"\"if\":{{\"properties\":{{\"a\":{{\"const\":{Value(0)}}}}}}},\"then\":{Schema(depth - 1)},\"else\":{Schema(depth - 1)}");
                Maybe(parts, "minProperties", _random.Next(3).ToString(CultureInfo.InvariantCulture));
                Maybe(parts, "maxProperties", _random.Next(4).ToString(CultureInfo.InvariantCulture));
                break;
        }
        return "{" + string.Join(",", parts) + "}";
    }

    private void Maybe(List<string> parts, string keyword, string value)
    {
        if (_random.Next(3) == 0) parts.Add($"\"{keyword}\":{value}");
    }

    private string Number() => _random.Next(3) switch
    {
        0 => (_random.Next(21) - 10).ToString(CultureInfo.InvariantCulture),
        1 => ((_random.Next(41) - 20) / 4.0).ToString("R", CultureInfo.InvariantCulture),
        _ => ((_random.Next(2001) - 1000) / 100.0).ToString("R", CultureInfo.InvariantCulture),
    };

    private string Str()
    {
        const string alphabet = "ab\"\\é😀\n";
        var text = new StringBuilder();
        var runes = alphabet.EnumerateRunes().ToArray();
        for (int i = _random.Next(4); i > 0; i--) text.Append(runes[_random.Next(runes.Length)]);
        return Grammar.JsonSchema.JsonStringGrammar.Quote(text.ToString());
    }
}
