using System.CommandLine;
using LlmLang.Cli.Commands;

namespace LlmLang.Cli;

/// <summary>The tool's entry: parses arguments, runs the command, and turns input problems into one-line errors (exit 1).</summary>
internal static class CliApp
{
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand("llmlang: structured generation with Llama-family models on .NET.");
        foreach (var command in CommandCatalog.All()) root.Subcommands.Add(command);
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            return await CreateRoot().Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (UserError.IsUserError(e))
        {
            Console.Error.WriteLine($"error: {UserError.Describe(e)}");
            return 1;
        }
    }
}
