using System.Linq;
using Microsoft.CodeAnalysis;

namespace LlmLang.Generators.Model;

/// <summary>
/// A diagnostic found while parsing, kept as equatable values (descriptor id, location, message
/// arguments) so it can flow through the incremental pipeline without holding compiler objects.
/// </summary>
internal sealed record DiagnosticInfo(string Id, SourceLocation? Location, EquatableArray<string> MessageArgs)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, SourceLocation? location, params string[] args) =>
        new(descriptor.Id, location, args.ToEquatableArray());

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(Diagnostics.DiagnosticDescriptors.ById(Id), Location?.ToLocation(), MessageArgs.ToArray<object>());
}
