namespace LlmLang.Cli;

/// <summary>A usage or input problem the tool reports as one line, without a stack trace.</summary>
internal sealed class CliException(string message) : Exception(message);
