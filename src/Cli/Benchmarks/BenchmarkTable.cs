using System.Text.Json.Nodes;

namespace LlmLang.Cli.Benchmarks;

/// <summary>Prints benchmark rows as an aligned table, or as one JSON object per line (snake_case) with --json.</summary>
internal sealed class BenchmarkTable(bool json, params string[] columns)
{
    private readonly List<object?[]> _rows = new();

    public void Add(params object?[] values)
    {
        if (values.Length != columns.Length) throw new ArgumentException("a row needs a value for every column");
        if (json)
        {
            var obj = new JsonObject();
            for (int i = 0; i < columns.Length; i++) obj[columns[i]] = JsonValue.Create(values[i]);
            Console.WriteLine(obj.ToJsonString());
        }
        else _rows.Add(values);
    }

    /// <summary>Writes the table (no-op in JSON mode, where rows were printed as they came).</summary>
    public void Print()
    {
        if (json || _rows.Count == 0) return;
        var cells = _rows.Select(r => r.Select(Format).ToArray()).ToList();
        var widths = columns.Select((c, i) => Math.Max(c.Length, cells.Max(r => r[i].Length))).ToArray();
        Console.WriteLine(string.Join("  ", columns.Select((c, i) => c.PadLeft(widths[i]))));
        foreach (var row in cells) Console.WriteLine(string.Join("  ", row.Select((c, i) => c.PadLeft(widths[i]))));
    }

    private static string Format(object? value) => value switch
    {
        null => "-",
        double d => d.ToString(d >= 100 ? "F0" : "F1", System.Globalization.CultureInfo.InvariantCulture),
        float f => f.ToString("F1", System.Globalization.CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}
