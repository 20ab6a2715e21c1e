using System.Collections.Generic;
using System.Linq;
using LlmLang.Generators.Diagnostics;
using LlmLang.Generators.Model;
using LlmLang.Generators.Schema;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LlmLang.Generators.Parsing;

/// <summary>
/// Reads one Gen / Gen&lt;T&gt; / Select call into a graph node and checks it: regex validity,
/// conflicting constraints, a JSON schema for T, and that Select has choices.
/// </summary>
internal sealed class PrimitiveReader
{
    private readonly SemanticModel model;
    private readonly LangSymbols symbols;
    private readonly List<DiagnosticInfo> diagnostics;
    private readonly Dictionary<string, string> schemas;

    public PrimitiveReader(SemanticModel model, LangSymbols symbols, List<DiagnosticInfo> diagnostics, Dictionary<string, string> schemas)
    {
        this.model = model;
        this.symbols = symbols;
        this.diagnostics = diagnostics;
        this.schemas = schemas;
    }

    /// <summary>The node for a Gen/Select call, or null when <paramref name="invocation"/> is not one.</summary>
    public NodeSpec? TryRead(InvocationExpressionSyntax invocation, string branch)
    {
        if (model.GetOperation(invocation) is not IInvocationOperation operation) return null;
        IMethodSymbol method = operation.TargetMethod;
        if (symbols.IsPrimitive(method, "Gen")) return ReadGen(invocation, operation, branch);
        if (symbols.IsPrimitive(method, "Select")) return ReadSelect(invocation, operation, branch);
        return null;
    }

    /// <summary>True when the call is a Gen or Select, whatever its arguments.</summary>
    public bool IsPrimitive(InvocationExpressionSyntax invocation) =>
        model.GetSymbolInfo(invocation).Symbol is IMethodSymbol m && (symbols.IsPrimitive(m, "Gen") || symbols.IsPrimitive(m, "Select"));

    private NodeSpec ReadGen(InvocationExpressionSyntax invocation, IInvocationOperation operation, string branch)
    {
        var args = Arguments(operation);
        var node = Named(new NodeSpec(NodeKind.Gen, branch), args) with
        {
            // The effective limit, the parameter's default included, so the graph shows what the gen may cost.
            MaxTokens = operation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "maxTokens")?.Value.ConstantValue.Value is int m ? m : 0,
            Stop = Strings(args, "stop"),
            Regex = ConstantString(args, "regex"),
            JsonSchema = ConstantString(args, "jsonSchema"),
            Ebnf = ConstantString(args, "ebnf"),
            Choices = Strings(args, "choices"),
            Sampling = SamplingArguments(args),
        };
        var present = new[] { "regex", "jsonSchema", "ebnf", "choices" }.Where(p => IsGiven(args, p)).ToList();

        ITypeSymbol? type = operation.TargetMethod.TypeArguments.Length == 1 ? operation.TargetMethod.TypeArguments[0] : null;
        if (type is not null)
            node = node with { TypeName = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) };

        // Gen<string> is plain text; any other T is constrained by its type, so no other constraint may be added.
        if (type is not null && type.SpecialType != SpecialType.System_String)
        {
            if (present.Count > 0)
                Report(DiagnosticDescriptors.ConflictingConstraints, args[present[0]].Value.Syntax, node.Name,
                    $"Gen<{type.ToDisplayString()}> is constrained by its type, so '{present[0]}:' cannot be added");
            if (!HasLiteralSyntax(type)) node = WithSchema(node, type, invocation);
        }
        else if (present.Count > 1)
        {
            Report(DiagnosticDescriptors.ConflictingConstraints, args[present[1]].Value.Syntax, node.Name,
                $"'{present[0]}:' and '{present[1]}:' cannot both constrain one gen; use one of regex, jsonSchema, ebnf or choices");
        }

        if (args.TryGetValue("choices", out var genChoices) && genChoices.Value is IArrayCreationOperation genArray && ConstantLength(genArray) == 0)
            Report(DiagnosticDescriptors.SelectWithoutChoices, genChoices.Value.Syntax, "Gen", node.Name, "none are given");
        else CheckChoices(genChoices, "Gen", node.Name);

        if (node.Regex is not null && RegexValidator.Validate(node.Regex) is { } why)
            Report(DiagnosticDescriptors.InvalidRegex, args["regex"].Value.Syntax, node.Regex, why);
        return node;
    }

    private NodeSpec WithSchema(NodeSpec node, ITypeSymbol type, InvocationExpressionSyntax invocation)
    {
        SchemaResult schema = IsModuleAccessible(type)
            ? JsonSchemaBuilder.Build(type)
            : new SchemaResult(null, "it is private or protected; the schema registration generated for it needs it internal or public");
        if (schema.Error is not null)
        {
            Report(DiagnosticDescriptors.NoJsonSchema, (SyntaxNode?)TypeArgumentSyntax(invocation) ?? invocation, type.ToDisplayString(), schema.Error);
            return node;
        }
        schemas[node.TypeName!] = schema.Schema!;
        return node with { JsonSchema = schema.Schema };
    }

    private static bool IsModuleAccessible(ITypeSymbol type) => type switch
    {
        IArrayTypeSymbol array => IsModuleAccessible(array.ElementType),
        INamedTypeSymbol named => ContainersAccessible(named) && named.TypeArguments.All(IsModuleAccessible),
        _ => true,
    };

    private static bool ContainersAccessible(INamedTypeSymbol? type)
    {
        for (; type is not null; type = type.ContainingType)
            if (type.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal)) return false;
        return true;
    }

    // Types the runtime constrains by their literal syntax (Primitives.TypedConstraint), not by a JSON schema.
    private static bool HasLiteralSyntax(ITypeSymbol type) => type.SpecialType is
        SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_Double or SpecialType.System_Single
        or SpecialType.System_Decimal or SpecialType.System_Boolean;

    private NodeSpec ReadSelect(InvocationExpressionSyntax invocation, IInvocationOperation operation, string branch)
    {
        var args = Arguments(operation);
        var node = Named(new NodeSpec(NodeKind.Select, branch), args);
        IArgumentOperation? choices = operation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "choices");
        if (choices?.Value is IArrayCreationOperation array && ConstantLength(array) == 0)
            Report(DiagnosticDescriptors.SelectWithoutChoices, invocation, "Select", node.Name, "none are given");
        else CheckChoices(choices, "Select", node.Name);
        var method = args.TryGetValue("method", out var m) ? m.Value as IFieldReferenceOperation : null;
        return node with { Choices = Strings(args, "choices"), SelectMethod = method?.Field.Name };
    }

    // An empty choice can never be told apart from "nothing generated"; the runtime refuses it too.
    private void CheckChoices(IArgumentOperation? choices, string primitive, string name)
    {
        if (choices?.Value is not IArrayCreationOperation { Initializer: { } init }) return;
        foreach (IOperation element in init.ElementValues)
            if (element.ConstantValue.Value is "")
                Report(DiagnosticDescriptors.SelectWithoutChoices, element.Syntax, primitive, name, "a choice is the empty string");
    }

    private static NodeSpec Named(NodeSpec node, Dictionary<string, IArgumentOperation> args)
    {
        if (!args.TryGetValue("name", out var name)) return node;
        return name.Value.ConstantValue.Value is string constant
            ? node with { Name = constant }
            : node with { Name = name.Value.Syntax.ToString(), NameIsDynamic = true };
    }

    // Arguments the caller wrote (defaults left out), by parameter name.
    private static Dictionary<string, IArgumentOperation> Arguments(IInvocationOperation operation)
    {
        var args = new Dictionary<string, IArgumentOperation>();
        foreach (IArgumentOperation a in operation.Arguments)
            if (a.Parameter is not null && a.ArgumentKind != ArgumentKind.DefaultValue) args[a.Parameter.Name] = a;
        return args;
    }

    private static bool IsGiven(Dictionary<string, IArgumentOperation> args, string name) =>
        args.TryGetValue(name, out var a) && !(a.Value.ConstantValue.HasValue && a.Value.ConstantValue.Value is null)
        && !(a.Value is IConversionOperation { Operand.ConstantValue: { HasValue: true, Value: null } });

    private static string? ConstantString(Dictionary<string, IArgumentOperation> args, string name) =>
        args.TryGetValue(name, out var a) ? a.Value.ConstantValue.Value as string : null;

    private static EquatableArray<string> Strings(Dictionary<string, IArgumentOperation> args, string name)
    {
        if (!args.TryGetValue(name, out var a) || a.Value is not IArrayCreationOperation { Initializer: { } init }) return default;
        return init.ElementValues.Select(e => e.ConstantValue.Value as string).Where(s => s is not null).Select(s => s!).ToEquatableArray();
    }

    private static readonly string[] SamplingParameters = { "temperature", "topP", "topK", "minP" };

    private static EquatableArray<NamedValue> SamplingArguments(Dictionary<string, IArgumentOperation> args) =>
        SamplingParameters
            .Where(p => args.TryGetValue(p, out var a) && ConstantOf(a.Value) is not null)
            .Select(p => new NamedValue(p, Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatPrimitive(ConstantOf(args[p].Value)!, quoteStrings: true, useHexadecimalNumbers: false)))
            .ToEquatableArray();

    // A constant argument, looking through the implicit conversion to a nullable parameter type.
    private static object? ConstantOf(IOperation value) =>
        value is IConversionOperation { IsImplicit: true } conversion ? ConstantOf(conversion.Operand) : value.ConstantValue.Value;

    private static int? ConstantLength(IArrayCreationOperation array) =>
        array.Initializer is { } init ? init.ElementValues.Length
        : array.DimensionSizes.Length == 1 && array.DimensionSizes[0].ConstantValue.Value is int n ? n : null;

    private static TypeSyntax? TypeArgumentSyntax(InvocationExpressionSyntax invocation) =>
        (invocation.Expression switch
        {
            GenericNameSyntax g => g,
            MemberAccessExpressionSyntax { Name: GenericNameSyntax g } => g,
            _ => null,
        })?.TypeArgumentList.Arguments.FirstOrDefault();

    private void Report(DiagnosticDescriptor descriptor, SyntaxNode at, params string[] args) =>
        diagnostics.Add(DiagnosticInfo.Create(descriptor, SourceLocation.From(at), args));
}
