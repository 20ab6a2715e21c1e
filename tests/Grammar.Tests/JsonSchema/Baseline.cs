namespace LlmLang.Grammar.Tests.JsonSchema;

/// <summary>
/// A committed per-case outcome file under tests/Grammar.Tests/Baselines. A test fails on any difference; set
/// <c>LLMLANG_UPDATE_BASELINES=1</c> to rewrite the file from the current run instead (then review the diff).
/// </summary>
public static class Baseline
{
    /// <summary>Compares <paramref name="lines"/> with the committed file (or rewrites it); returns the differences.</summary>
    public static IReadOnlyList<string> Check(string name, IReadOnlyList<string> lines)
    {
        string path = Path.Combine(SourceDirectory(), "Baselines", name);
        if (Environment.GetEnvironmentVariable("LLMLANG_UPDATE_BASELINES") == "1")
        {
            File.WriteAllLines(path, lines);
            return [];
        }
        if (!File.Exists(path)) return [$"baseline {path} is missing: run with LLMLANG_UPDATE_BASELINES=1 to create it"];
        var expected = File.ReadAllLines(path).ToDictionary(l => l.Split('\t')[0], l => l);
        var actual = lines.ToDictionary(l => l.Split('\t')[0], l => l);
        var diffs = new List<string>();
        foreach (var (id, line) in actual)
            if (!expected.TryGetValue(id, out string? before)) diffs.Add($"new case: {line}");
            else if (before != line) diffs.Add($"changed: {before}  =>  {line}");
        diffs.AddRange(expected.Keys.Where(id => !actual.ContainsKey(id)).Select(id => $"case gone: {expected[id]}"));
        return diffs;
    }

    /// <summary>tests/Grammar.Tests in the checkout that was built (outputs may live in an artifacts folder elsewhere).</summary>
    private static string SourceDirectory()
    {
        string? root = typeof(LlmLang.TestSupport.SharedFixtures).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepoRoot")?.Value;
        return root is not null && File.Exists(Path.Combine(root, "LlmLang.sln"))
            ? Path.Combine(root, "tests", "Grammar.Tests")
            : throw new InvalidOperationException("repository root (LlmLang.sln) not found; RepoRoot metadata: " + root);
    }
}
