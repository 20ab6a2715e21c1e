namespace LlmLang.Cli;

/// <summary>Decides which exceptions are the user's input problems (printed as one line) rather than bugs.</summary>
internal static class UserError
{
    public static bool IsUserError(Exception e) => e is CliException or ArgumentException or IOException
        or NotSupportedException or FormatException or InvalidDataException or UnauthorizedAccessException
        || e.GetType().Name.EndsWith("FormatException", StringComparison.Ordinal)
        || e is AggregateException { InnerExceptions.Count: 1 } a && IsUserError(a.InnerException!);

    public static string Describe(Exception e) => e is AggregateException { InnerException: { } inner } ? Describe(inner) : e.Message;
}
