using System.CommandLine;

namespace LlmLang.Cli.Commands;

/// <summary><c>llmlang bench …</c>: the workload benchmarks. Each kind of benchmark is a subcommand in its own file.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Run a benchmark and print its figures (a table, or JSON lines with --json).");
        bench.Subcommands.Add(BenchDecodeCommand.Create());
        bench.Subcommands.Add(BenchGrammarCommand.Create());
        bench.Subcommands.Add(BenchConstrainedCommand.Create());
        bench.Subcommands.Add(BenchTokenizeCommand.Create());
        bench.Subcommands.Add(BenchLangCommand.Create());
        return bench;
    }
}
