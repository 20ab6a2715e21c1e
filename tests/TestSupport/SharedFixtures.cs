namespace LlmLang.TestSupport;

/// <summary>
/// Locates the project's shared fixtures (<c>../shared</c> beside the repository, or <c>LLMLANG_SHARED</c>).
/// Where they are absent a test skips and says why; with <c>CI=true</c> it fails instead, because CI always has them.
/// </summary>
public static class SharedFixtures
{
    private static readonly Lazy<string?> Root = new(FindRoot);

    /// <summary>The shared folder, or null when it cannot be found.</summary>
    public static string? Directory => Root.Value;

    /// <summary>Full path of a file or folder under the shared folder; skips or fails the test when it is missing.</summary>
    public static string Require(string relativePath)
    {
        string? root = Root.Value;
        string? path = root is null ? null : Path.Combine(root, relativePath);
        if (path is not null && (File.Exists(path) || System.IO.Directory.Exists(path))) return path;

        string why = root is null
            ? $"shared fixtures not found (looked for ../shared beside the repository and $LLMLANG_SHARED); needed: {relativePath}"
            : $"shared fixture missing: {path}";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException(why + " (CI=true: fixtures must be present)");
        throw new Xunit.SkipException(why);
    }

    private static string? FindRoot()
    {
        string? fromEnv = Environment.GetEnvironmentVariable("LLMLANG_SHARED");
        if (!string.IsNullOrEmpty(fromEnv) && System.IO.Directory.Exists(fromEnv)) return Path.GetFullPath(fromEnv);
        string? builtAt = typeof(SharedFixtures).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepoRoot")?.Value;
        foreach (string start in new[] { AppContext.BaseDirectory, builtAt ?? "" })
        for (var dir = start.Length == 0 ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "LlmLang.sln"))) continue;
            string candidate = Path.Combine(dir.FullName, "..", "shared");
            return System.IO.Directory.Exists(candidate) ? Path.GetFullPath(candidate) : null;
        }
        return null;
    }
}
