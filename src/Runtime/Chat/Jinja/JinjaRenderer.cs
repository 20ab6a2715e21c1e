using System.Text;

namespace LlmLang.Runtime.Chat.Jinja;

/// <summary>Executes a statement tree. One renderer per render call; the tree itself is never changed.</summary>
internal sealed partial class JinjaRenderer
{
    /// <summary>Most characters a render may write (all captured blocks included), so that a template cannot exhaust memory.</summary>
    private const long MaxOutput = 64L << 20;

    private const int MaxMacroDepth = 32;

    private long _written;
    private int _macroDepth;

    private enum Flow
    {
        Normal,
        Break,
        Continue,
    }

    public static string Render(IReadOnlyList<Stmt> body, IReadOnlyDictionary<string, object?> variables, Func<DateTime> now)
    {
        var scope = new JinjaScope(null);
        JinjaGlobals.AddTo(scope, now);
        foreach (KeyValuePair<string, object?> variable in variables) scope.Set(variable.Key, JinjaValues.FromClr(variable.Value));
        var output = new StringBuilder();
        new JinjaRenderer().Execute(body, scope, output);
        return output.ToString();
    }

    private Flow Execute(IReadOnlyList<Stmt> body, JinjaScope scope, StringBuilder output)
    {
        foreach (Stmt statement in body)
        {
            Flow flow = ExecuteOne(statement, scope, output);
            if (flow != Flow.Normal) return flow;
        }
        return Flow.Normal;
    }

    private Flow ExecuteOne(Stmt statement, JinjaScope scope, StringBuilder output)
    {
        try
        {
            switch (statement)
            {
                case TextStmt text:
                    Write(output, text.Text);
                    return Flow.Normal;
                case OutputStmt print:
                    Write(output, JinjaValues.Str(Evaluate(print.Value, scope)));
                    return Flow.Normal;
                case IfStmt branches:
                    foreach (KeyValuePair<Expr, IReadOnlyList<Stmt>> branch in branches.Branches)
                        if (JinjaValues.IsTrue(Evaluate(branch.Key, scope))) return Execute(branch.Value, scope, output);
                    return branches.Otherwise is null ? Flow.Normal : Execute(branches.Otherwise, scope, output);
                case ForStmt loop:
                    return ExecuteFor(loop, scope, output);
                case SetStmt set:
                    Assign(set.Target, Evaluate(set.Value, scope), scope);
                    return Flow.Normal;
                case SetBlockStmt block:
                    scope.Set(block.Name, Capture(block.Body, scope));
                    return Flow.Normal;
                case FilterBlockStmt filter:
                    Write(output, JinjaValues.Str(JinjaFilters.Apply(filter.Name, Capture(filter.Body, scope), EvaluateArguments(filter.Arguments, scope))));
                    return Flow.Normal;
                case MacroStmt macro:
                    scope.Set(macro.Name, DefineMacro(macro, scope));
                    return Flow.Normal;
                case LoopControlStmt control:
                    return control.IsBreak ? Flow.Break : Flow.Continue;
                case BlockStmt block:
                    return Execute(block.Body, scope, output);
                default:
                    throw new JinjaError($"cannot execute {statement.GetType().Name}");
            }
        }
        catch (Exception e) when (ToTemplateException(e, statement.Position) is { } error)
        {
            throw error;
        }
    }

    private Flow ExecuteFor(ForStmt loop, JinjaScope scope, StringBuilder output)
    {
        List<object?> items = JinjaValues.Iterate(Evaluate(loop.Iterable, scope));
        if (loop.Filter is not null)
        {
            items = items.Where(item =>
            {
                var filterScope = new JinjaScope(scope);
                Assign(loop.Target, item, filterScope);
                return JinjaValues.IsTrue(Evaluate(loop.Filter, filterScope));
            }).ToList();
        }
        if (items.Count == 0) return loop.Otherwise is null ? Flow.Normal : Execute(loop.Otherwise, scope, output);

        var context = new JinjaLoop(items);
        for (int i = 0; i < items.Count; i++)
        {
            var iteration = new JinjaScope(scope);
            context.Index0 = i;
            iteration.Set("loop", context);
            Assign(loop.Target, items[i], iteration);
            if (Execute(loop.Body, iteration, output) == Flow.Break) break;
        }
        return Flow.Normal;
    }

    private void Assign(Expr target, object? value, JinjaScope scope)
    {
        switch (target)
        {
            case NameExpr name:
                scope.Set(name.Name, value);
                break;
            case AttributeExpr { Target: NameExpr owner } attribute:
                if (scope.Lookup(owner.Name) is not JinjaNamespace ns)
                    throw new JinjaError($"cannot assign attribute '{attribute.Name}' on '{owner.Name}', which is not a namespace()");
                ns.Attributes[attribute.Name] = value;
                break;
            case ListExpr names:
                List<object?> values = value is List<object?> or string ? JinjaValues.Iterate(value)
                    : throw new JinjaError($"cannot unpack a {JinjaValues.TypeName(value)} into {names.Items.Count} names");
                if (values.Count != names.Items.Count)
                    throw new JinjaError($"cannot unpack {values.Count} values into {names.Items.Count} names");
                for (int i = 0; i < values.Count; i++) Assign(names.Items[i], values[i], scope);
                break;
            default:
                throw new JinjaError("cannot assign to this target");
        }
    }

    private string Capture(IReadOnlyList<Stmt> body, JinjaScope scope)
    {
        var captured = new StringBuilder();
        Execute(body, scope, captured);
        return captured.ToString();
    }

    private JinjaCallable DefineMacro(MacroStmt macro, JinjaScope definingScope) => new(macro.Name, arguments =>
    {
        if (arguments.Positional.Count > macro.Parameters.Count)
            throw new JinjaError($"macro '{macro.Name}' takes {macro.Parameters.Count} argument(s), {arguments.Positional.Count} given");
        foreach (KeyValuePair<string, object?> named in arguments.Named)
            if (!macro.Parameters.Any(p => p.Key == named.Key)) throw new JinjaError($"macro '{macro.Name}' has no parameter '{named.Key}'");
        if (++_macroDepth > MaxMacroDepth) throw new JinjaError($"macro calls nested more than {MaxMacroDepth} deep");
        try
        {
            var frame = new JinjaScope(definingScope);
            for (int i = 0; i < macro.Parameters.Count; i++)
            {
                (string name, Expr? fallback) = (macro.Parameters[i].Key, macro.Parameters[i].Value);
                frame.Set(name, arguments.Has(i, name) ? arguments.Get(i, name)
                    : fallback is not null ? Evaluate(fallback, frame)
                    : new JinjaUndefined($"parameter '{name}' of macro '{macro.Name}' was not given"));
            }
            return Capture(macro.Body, frame);
        }
        finally
        {
            _macroDepth--;
        }
    });

    private void Write(StringBuilder output, string text)
    {
        _written += text.Length;
        if (_written > MaxOutput) throw new JinjaError($"the template wrote more than {MaxOutput} characters");
        output.Append(text);
    }

    // Errors from values and functions get the position of the innermost node that saw them; .NET exceptions that
    // bad data can cause (overflow, casts) become template errors rather than crashes.
    private static ChatTemplateException? ToTemplateException(Exception e, SourcePosition at) => e switch
    {
        ChatTemplateException => null,
        JinjaError error => new ChatTemplateException(error.Message, at.Line, at.Column, error.RaisedByTemplate, error),
        ArithmeticException or ArgumentException or InvalidCastException or InvalidOperationException or IndexOutOfRangeException
            or FormatException or KeyNotFoundException => new ChatTemplateException(e.Message, at.Line, at.Column, inner: e),
        _ => null,
    };
}
