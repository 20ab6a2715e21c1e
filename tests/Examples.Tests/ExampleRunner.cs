using System.Reflection;
using System.Text.RegularExpressions;

namespace LlmLang.Examples.Tests;

/// <summary>Runs an example's entry point in-process with its console output captured.</summary>
internal static class ExampleRunner
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string example, params string[] args)
    {
        var entry = Assembly.Load(example).EntryPoint ?? throw new InvalidOperationException($"{example} has no entry point");
        var output = new StringWriter();
        var (oldOut, oldError) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(output);
        try
        {
            object? returned = entry.Invoke(null, [args]);
            int code = returned switch { Task<int> t => await t, int i => i, _ => 0 };
            return (code, output.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }

    /// <summary>The numbers of a trace line: "(C computed, K from cache)".</summary>
    public static (int Computed, int Cached) Tokens(string output)
    {
        var m = Regex.Match(output, @"\((\d+) computed, (\d+) from cache\)");
        Assert.True(m.Success, $"no trace line in:\n{output}");
        return (int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value));
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "console";
}
