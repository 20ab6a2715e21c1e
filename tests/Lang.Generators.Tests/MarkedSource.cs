using Microsoft.CodeAnalysis.Text;

namespace LlmLang.Generators.Tests;

/// <summary>Source text with the expected diagnostic span marked as <c>[|…|]</c>; the markers are removed.</summary>
internal sealed record MarkedSource(string Text, TextSpan? Span)
{
    public static MarkedSource Parse(string marked)
    {
        int start = marked.IndexOf("[|", StringComparison.Ordinal);
        if (start < 0) return new MarkedSource(marked, null);
        string without = marked.Remove(start, 2);
        int end = without.IndexOf("|]", start, StringComparison.Ordinal);
        return new MarkedSource(without.Remove(end, 2), TextSpan.FromBounds(start, end));
    }

    /// <summary>A one-program source: a partial class holding an [LlmFunction] method with the given body.</summary>
    public static string Program(string body, string parameters = "", string extra = "") => $$"""
        public static partial class Programs
        {
            [LlmFunction]
            public static void Run(ProgramState s{{parameters}})
            {
        {{body}}
            }
        }
        {{extra}}
        """;
}
