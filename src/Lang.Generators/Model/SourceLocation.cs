using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace LlmLang.Generators.Model;

/// <summary>
/// Where something is in the source, kept as plain values (file path and spans) so the spec holds
/// no syntax tree; turned back into a <see cref="Location"/> only when a diagnostic is reported.
/// </summary>
internal sealed record SourceLocation(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public static SourceLocation? From(Location? location) =>
        location is null || location.SourceTree is null
            ? null
            : new SourceLocation(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);

    public static SourceLocation From(SyntaxNode node) => From(node.GetLocation())!;

    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);
}
