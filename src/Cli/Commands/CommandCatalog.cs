using System.CommandLine;

namespace LlmLang.Cli.Commands;

/// <summary>Every top-level command of the tool, in help order. Each command lives in its own file.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return GenerateCommand.Create();
        yield return ConvertCommand.Create();
        yield return BenchCommand.Create();
    }
}
