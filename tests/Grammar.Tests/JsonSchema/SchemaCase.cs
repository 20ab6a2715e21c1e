using System.Text.Json;
using LlmLang.Grammar.JsonSchema;

namespace LlmLang.Grammar.Tests.JsonSchema;

/// <summary>One schema with valid and invalid instances (a test-suite group or a MaskBench file).</summary>
public sealed record SchemaCase(string Id, string SchemaJson, IReadOnlyList<string> Valid, IReadOnlyList<string> Invalid)
{
    /// <summary>Groups of a JSON-Schema-Test-Suite file: <c>[{description, schema, tests: [{data, valid}]}]</c>.</summary>
    public static IEnumerable<SchemaCase> FromTestSuiteFile(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        int index = 0;
        foreach (var group in doc.RootElement.EnumerateArray())
            yield return FromGroup($"{Path.GetFileName(path)}#{index++} {group.GetProperty("description").GetString()}", group);
    }

    /// <summary>A MaskBench file: <c>{schema, tests: [{data, valid}]}</c>.</summary>
    public static SchemaCase FromMaskBenchFile(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return FromGroup(Path.GetFileName(path), doc.RootElement);
    }

    private static SchemaCase FromGroup(string id, JsonElement group)
    {
        var tests = group.TryGetProperty("tests", out var t) ? t.EnumerateArray().ToList() : [];
        return new SchemaCase(id, group.GetProperty("schema").GetRawText(),
            tests.Where(x => x.GetProperty("valid").GetBoolean()).Select(x => CompactJson.Write(x.GetProperty("data"))).ToList(),
            tests.Where(x => !x.GetProperty("valid").GetBoolean()).Select(x => CompactJson.Write(x.GetProperty("data"))).ToList());
    }
}
