using System.CommandLine;
using LlmLang.Cli;
using LlmLang.Cli.Commands;

var root = new RootCommand("llmlang: structured generation with Llama-family models on .NET.");
foreach (var command in CommandCatalog.All()) root.Subcommands.Add(command);
try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (UserError.IsUserError(e))
{
    Console.Error.WriteLine($"error: {UserError.Describe(e)}");
    return 1;
}
