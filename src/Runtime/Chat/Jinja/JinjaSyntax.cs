namespace LlmLang.Runtime.Chat.Jinja;

// The parsed template: immutable, shared by every render of the same source.

internal abstract record Expr(SourcePosition Position);

internal sealed record LiteralExpr(object? Value, SourcePosition Position) : Expr(Position);

internal sealed record NameExpr(string Name, SourcePosition Position) : Expr(Position);

/// <summary>A list literal, or a tuple (<c>(a, b)</c>, loop targets); both evaluate to a list.</summary>
internal sealed record ListExpr(IReadOnlyList<Expr> Items, SourcePosition Position, bool IsTuple = false) : Expr(Position);

internal sealed record DictExpr(IReadOnlyList<KeyValuePair<Expr, Expr>> Pairs, SourcePosition Position) : Expr(Position);

/// <summary><c>target.name</c>: attribute first, then item.</summary>
internal sealed record AttributeExpr(Expr Target, string Name, SourcePosition Position) : Expr(Position);

/// <summary><c>target[index]</c>: item first, then attribute.</summary>
internal sealed record IndexExpr(Expr Target, Expr Index, SourcePosition Position) : Expr(Position);

internal sealed record SliceExpr(Expr Target, Expr? Start, Expr? Stop, Expr? Step, SourcePosition Position) : Expr(Position);

internal sealed record Arguments(IReadOnlyList<Expr> Positional, IReadOnlyList<KeyValuePair<string, Expr>> Named)
{
    public static readonly Arguments None = new([], []);
}

internal sealed record CallExpr(Expr Callee, Arguments Arguments, SourcePosition Position) : Expr(Position);

internal sealed record FilterExpr(Expr Value, string Name, Arguments Arguments, SourcePosition Position) : Expr(Position);

/// <summary><c>value is [not] name(args)</c>.</summary>
internal sealed record TestExpr(Expr Value, string Name, Arguments Arguments, bool Negated, SourcePosition Position) : Expr(Position);

/// <summary><c>-x</c>, <c>+x</c>, <c>not x</c>.</summary>
internal sealed record UnaryExpr(string Operator, Expr Operand, SourcePosition Position) : Expr(Position);

/// <summary>Arithmetic, <c>~</c>, and the short-circuit <c>and</c>/<c>or</c>.</summary>
internal sealed record BinaryExpr(string Operator, Expr Left, Expr Right, SourcePosition Position) : Expr(Position);

/// <summary>A comparison chain <c>a &lt; b &lt;= c</c>; operators include <c>in</c> and <c>not in</c>.</summary>
internal sealed record CompareExpr(Expr First, IReadOnlyList<KeyValuePair<string, Expr>> Rest, SourcePosition Position) : Expr(Position);

/// <summary><c>then if condition else otherwise</c>; without <c>else</c> the value is undefined.</summary>
internal sealed record ConditionalExpr(Expr Condition, Expr Then, Expr? Otherwise, SourcePosition Position) : Expr(Position);

internal abstract record Stmt(SourcePosition Position);

internal sealed record TextStmt(string Text, SourcePosition Position) : Stmt(Position);

internal sealed record OutputStmt(Expr Value, SourcePosition Position) : Stmt(Position);

internal sealed record IfStmt(IReadOnlyList<KeyValuePair<Expr, IReadOnlyList<Stmt>>> Branches, IReadOnlyList<Stmt>? Otherwise, SourcePosition Position)
    : Stmt(Position);

/// <summary><c>for target in iterable [if filter]</c>; <see cref="Otherwise"/> runs when nothing was iterated.</summary>
internal sealed record ForStmt(Expr Target, Expr Iterable, Expr? Filter, IReadOnlyList<Stmt> Body, IReadOnlyList<Stmt>? Otherwise, SourcePosition Position)
    : Stmt(Position);

/// <summary><c>set target = value</c>; the target is a name, <c>namespace.attribute</c>, or a tuple of names.</summary>
internal sealed record SetStmt(Expr Target, Expr Value, SourcePosition Position) : Stmt(Position);

/// <summary><c>{% set name %}body{% endset %}</c>.</summary>
internal sealed record SetBlockStmt(string Name, IReadOnlyList<Stmt> Body, SourcePosition Position) : Stmt(Position);

/// <summary><c>{% filter name(args) %}body{% endfilter %}</c>.</summary>
internal sealed record FilterBlockStmt(string Name, Arguments Arguments, IReadOnlyList<Stmt> Body, SourcePosition Position) : Stmt(Position);

internal sealed record MacroStmt(string Name, IReadOnlyList<KeyValuePair<string, Expr?>> Parameters, IReadOnlyList<Stmt> Body, SourcePosition Position)
    : Stmt(Position);

/// <summary><c>break</c> or <c>continue</c> (Jinja's loop-controls extension, which Hugging Face enables).</summary>
internal sealed record LoopControlStmt(bool IsBreak, SourcePosition Position) : Stmt(Position);

/// <summary>A block rendered as is: Hugging Face's <c>{% generation %}</c> marks assistant text for training masks.</summary>
internal sealed record BlockStmt(IReadOnlyList<Stmt> Body, SourcePosition Position) : Stmt(Position);
