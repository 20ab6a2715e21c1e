using System.CommandLine;
using LlmLang.Cli.Commands;

var root = new RootCommand("llmlang: structured generation with Llama-family models on .NET.");
foreach (var command in CommandCatalog.All()) root.Subcommands.Add(command);
return await root.Parse(args).InvokeAsync();
