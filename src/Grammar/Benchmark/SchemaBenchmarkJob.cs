using System.Text.Json;
using LlmLang.Grammar.JsonSchema;

namespace LlmLang.Grammar.Benchmark;

/// <summary>One schema of a grammar benchmark with the compact JSON texts of its valid and invalid instances.</summary>
/// <param name="Name">File name.</param>
/// <param name="SchemaJson">The schema.</param>
/// <param name="Valid">Compact texts (<see cref="CompactJson"/>) of the valid instances.</param>
/// <param name="Invalid">Compact texts of the invalid instances.</param>
public sealed record SchemaBenchmarkJob(string Name, string SchemaJson, IReadOnlyList<string> Valid, IReadOnlyList<string> Invalid)
{
    /// <summary>
    /// Jobs from a file or from every file of a folder (sorted by name, the first <paramref name="max"/>), each file
    /// <c>{schema, tests: [{data, valid}]}</c> as in MaskBench, exactly as the XGrammar peer reads them.
    /// </summary>
    /// <exception cref="InvalidDataException">A file is not JSON or lacks a schema (names the file).</exception>
    public static IReadOnlyList<SchemaBenchmarkJob> Load(string fileOrDirectory, int max = int.MaxValue)
    {
        var files = Directory.Exists(fileOrDirectory)
            ? Directory.GetFiles(fileOrDirectory).Order(StringComparer.Ordinal).Take(max).ToList()
            : File.Exists(fileOrDirectory) ? [fileOrDirectory] : throw new FileNotFoundException("no such schema file or folder", fileOrDirectory);
        return files.Select(LoadFile).ToList();
    }

    private static SchemaBenchmarkJob LoadFile(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var tests = doc.RootElement.TryGetProperty("tests", out var t) ? t.EnumerateArray().ToList() : [];
            return new SchemaBenchmarkJob(Path.GetFileName(path), doc.RootElement.GetProperty("schema").GetRawText(),
                tests.Where(x => x.GetProperty("valid").GetBoolean()).Select(x => CompactJson.Write(x.GetProperty("data"))).ToList(),
                tests.Where(x => !x.GetProperty("valid").GetBoolean()).Select(x => CompactJson.Write(x.GetProperty("data"))).ToList());
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidDataException($"{path}: not a benchmark schema file ({e.Message})", e);
        }
    }
}
