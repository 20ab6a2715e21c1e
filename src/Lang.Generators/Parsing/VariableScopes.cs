using System.Collections.Generic;
using System.Linq;
using LlmLang.Generators.Diagnostics;
using LlmLang.Generators.Model;

namespace LlmLang.Generators.Parsing;

/// <summary>
/// Which variables exist in which state as the tracer walks the body: the main state is scope "",
/// each fork opens a scope for its branches (which start from the parent's variables), and a join
/// makes the branches' variables visible in the parent. Reports duplicates
/// (LLM0003) and reads of variables that cannot exist at that point (LLM0004).
/// </summary>
internal sealed class VariableScopes
{
    private readonly Dictionary<string, Scope> scopes = new() { [""] = new Scope("", null) };
    private readonly List<DiagnosticInfo> diagnostics;
    private readonly ProgramNames names;
    private readonly string methodName;

    public VariableScopes(List<DiagnosticInfo> diagnostics, ProgramNames names, string methodName)
    {
        this.diagnostics = diagnostics;
        this.names = names;
        this.methodName = methodName;
    }

    /// <summary>Variables produced by traced steps, in order, with the scope they were produced in.</summary>
    public List<NodeSpec> Produced { get; } = new();

    public string OpenFork(string localName, string parent)
    {
        string name = localName;
        for (int i = 2; scopes.ContainsKey(name); i++) name = localName + i;
        var scope = new Scope(name, parent);
        scope.Inherited.UnionWith(scopes[parent].Visible);
        scopes[name] = scope;
        return name;
    }

    public void Produce(NodeSpec node, SourceLocation nameSite, bool inTracedPrefix)
    {
        if (node.NameIsDynamic) return;
        Scope scope = scopes.TryGetValue(node.Branch, out var s) ? s : scopes[""];
        if (scope.Own.Contains(node.Name))
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateVariable, nameSite, node.Name, methodName));
        else if (inTracedPrefix)
        {
            scope.Own.Add(node.Name);
            Produced.Add(node);
        }
    }

    // Either join mode counts as bringing the branches' variables back: reporting a read as impossible
    // when the runtime might serve it would be a false error, which is worse than a missed one.
    public void Join(string branch, string parent)
    {
        scopes[parent].Gathered.UnionWith(scopes[branch].Own);
        if (parent.Length == 0) JoinedIntoMain.Add(branch);
    }

    /// <summary>Fork scopes whose branches were joined back into the main state (their variables read there as lists).</summary>
    public HashSet<string> JoinedIntoMain { get; } = new();

    /// <summary>A read in the traced prefix: the variable must already exist in that state.</summary>
    public void CheckRead(ReadSite read)
    {
        Scope scope = scopes.TryGetValue(read.Scope, out var s) ? s : scopes[""];
        if (scope.Visible.Contains(read.Name) || names.AnyDynamic) return;
        if (!names.FirstSite.TryGetValue(read.Name, out var produced))
            Report(read, "no gen or select in this program produces it");
        else if (produced.Span.Start > read.Location.Span.Start)
            Report(read, $"it is only produced later, at line {produced.LineSpan.Start.Line + 1}");
        else
            Report(read, $"this state cannot see it here (it is produced at line {produced.LineSpan.Start.Line + 1}, in another state or branch not yet joined)");
    }

    /// <summary>A read after the traced prefix: only a variable that nothing produces is certainly wrong.</summary>
    public void CheckReadAnywhere(ReadSite read)
    {
        if (!names.AnyDynamic && !names.FirstSite.ContainsKey(read.Name))
            Report(read, "no gen or select in this program produces it");
    }

    private void Report(ReadSite read, string why) =>
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.VariableReadBeforeExists, read.Location, read.Name, why));

    private sealed class Scope
    {
        public Scope(string name, string? parent)
        {
            Name = name;
            Parent = parent;
        }

        public string Name { get; }
        public string? Parent { get; }
        public HashSet<string> Own { get; } = new();
        public HashSet<string> Inherited { get; } = new();
        public HashSet<string> Gathered { get; } = new();
        public IEnumerable<string> Visible => Own.Concat(Inherited).Concat(Gathered);
    }
}

/// <summary>Every constant variable name the body's gen/select calls produce (with the first site), and whether any name is computed at run time.</summary>
internal sealed class ProgramNames
{
    public Dictionary<string, SourceLocation> FirstSite { get; } = new();
    public bool AnyDynamic { get; set; }
}
