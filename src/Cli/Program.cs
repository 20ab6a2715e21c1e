using LlmLang.Cli;

return await CliApp.RunAsync(args);
