using System.Reflection;
using Xunit;

namespace LlmLang.Generators.Tests;

/// <summary>
/// Compares generated text with a baseline under Snapshots/NAME.cs.txt. Set LLMLANG_UPDATE_SNAPSHOTS=1
/// to (re)write the baselines from the current output, then review the diff before committing.
/// </summary>
internal static class Snapshot
{
    // The source folder, not the output folder: baselines are rewritten in place. Found through the
    // repository root recorded at build time (caller paths are remapped in CI builds).
    private static readonly string Folder = Path.Combine(
        typeof(TestSupport.SharedFixtures).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!,
        "tests", "Lang.Generators.Tests", "Snapshots");

    public static void Match(string name, string actual)
    {
        string path = Path.Combine(Folder, name + ".cs.txt");
        actual = actual.Replace("\r\n", "\n");
        if (Environment.GetEnvironmentVariable("LLMLANG_UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"Missing snapshot {path}; run the tests with LLMLANG_UPDATE_SNAPSHOTS=1 to create it.");
        Assert.Equal(File.ReadAllText(path).Replace("\r\n", "\n"), actual);
    }
}
