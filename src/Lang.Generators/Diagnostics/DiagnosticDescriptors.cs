using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace LlmLang.Generators.Diagnostics;

/// <summary>The generator's diagnostics, LLM0001 onwards. IDs are stable: never renumber, only add.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "LlmLang";

    public static readonly DiagnosticDescriptor InvalidProgramShape = Error(
        "LLM0001", "Invalid [LlmFunction] method",
        "[LlmFunction] method '{0}' {1}");

    public static readonly DiagnosticDescriptor TypeNotPartial = Error(
        "LLM0002", "Containing type must be partial",
        "Type '{0}' must be declared partial so the generator can add '{1}' entry points to it");

    public static readonly DiagnosticDescriptor DuplicateVariable = Error(
        "LLM0003", "Duplicate variable name",
        "Variable '{0}' is already produced earlier in '{1}'; each gen/select needs its own name");

    public static readonly DiagnosticDescriptor VariableReadBeforeExists = Error(
        "LLM0004", "Variable read before it can exist",
        "Variable '{0}' is read here but {1}");

    public static readonly DiagnosticDescriptor InvalidRegex = Error(
        "LLM0005", "Invalid regex",
        "Regex '{0}' cannot be used as a constraint: {1}");

    public static readonly DiagnosticDescriptor NoJsonSchema = Error(
        "LLM0006", "Type has no JSON schema",
        "Type '{0}' has no JSON schema for Gen<T>: {1}");

    public static readonly DiagnosticDescriptor SelectWithoutChoices = Error(
        "LLM0007", "Select without choices",
        "{0} '{1}' has no usable choices: {2}");

    public static readonly DiagnosticDescriptor ConflictingConstraints = Error(
        "LLM0008", "Conflicting constraints",
        "Gen '{0}' has conflicting constraints: {1}");

    public static readonly DiagnosticDescriptor ForkUsedOutsideJoin = Error(
        "LLM0009", "Fork result used outside its join",
        "Fork branches '{0}' are used here after they were joined; branch state is only valid between Fork and Join");

    public static readonly DiagnosticDescriptor UntraceableControlFlow = new(
        "LLM0010", "Graph covers the traceable prefix only",
        "'{0}' has {1}; the execution graph covers the traceable prefix only (the whole body still runs, interpreted)",
        Category, DiagnosticSeverity.Info, isEnabledByDefault: true);

    private static readonly Dictionary<string, DiagnosticDescriptor> All = new()
    {
        [InvalidProgramShape.Id] = InvalidProgramShape,
        [TypeNotPartial.Id] = TypeNotPartial,
        [DuplicateVariable.Id] = DuplicateVariable,
        [VariableReadBeforeExists.Id] = VariableReadBeforeExists,
        [InvalidRegex.Id] = InvalidRegex,
        [NoJsonSchema.Id] = NoJsonSchema,
        [SelectWithoutChoices.Id] = SelectWithoutChoices,
        [ConflictingConstraints.Id] = ConflictingConstraints,
        [ForkUsedOutsideJoin.Id] = ForkUsedOutsideJoin,
        [UntraceableControlFlow.Id] = UntraceableControlFlow,
    };

    public static DiagnosticDescriptor ById(string id) => All[id];

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
