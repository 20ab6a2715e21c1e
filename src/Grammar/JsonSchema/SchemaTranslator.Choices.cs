namespace LlmLang.Grammar.JsonSchema;

/// <summary>
/// Keywords compiled by distributing the conjunction over alternatives, one keyword at a time: <c>anyOf</c>,
/// <c>oneOf</c> (when exactly one branch can hold), <c>dependencies</c>/<c>dependentRequired</c>/<c>dependentSchemas</c>,
/// <c>not</c> of several required names or of an object schema, and <c>if</c>/<c>then</c>/<c>else</c>. A branch is a list of schemas added to the conjunction; the grammar is the
/// union of the branches, so every rewrite below must give branches whose union is exactly the keyword's language.
/// </summary>
internal sealed partial class SchemaTranslator
{
    /// <summary>
    /// A keyword of <paramref name="Owner"/> rewritten as a choice; <paramref name="Consumed"/> marks it done in the
    /// branches ("pointer/keyword"). Branch schemas go right after their owner, so their properties keep schema order.
    /// </summary>
    private sealed record Choice(SchemaNode Owner, string Consumed, IReadOnlyList<IReadOnlyList<SchemaNode>> Branches);

    private static readonly string[] ChoiceKeywords = ["anyOf", "oneOf"];

    /// <summary>The first keyword of <paramref name="c"/> still to distribute, or null when none is left.</summary>
    private Choice? NextChoice(Conjunction c)
    {
        foreach (string keyword in ChoiceKeywords)
            foreach (var (node, _) in c.With(keyword))
                if (!c.IsConsumed(node, keyword))
                    return new Choice(node, node.Pointer + "/" + keyword, keyword == "oneOf" ? OneOfBranches(c, node) : AnyOfBranches(node));
        foreach (var node in c.Nodes)
            if (HasDependencies(node))
                foreach (var (keyword, branches) in DependencyChoices(node))
                    if (!c.IsConsumed(node, keyword)) return new Choice(node, node.Pointer + "/" + keyword, branches);
        foreach (var (node, _) in c.With("not"))
        {
            if (!c.IsConsumed(node, "not") && NegationChoice(node) is { } failures) return new Choice(node, node.Pointer + "/not", failures);
        }
        foreach (var (node, _) in c.With("if"))
            if (!c.IsConsumed(node, "if") && ConditionalBranches(node) is { } branches)
                return new Choice(node, node.Pointer + "/if", branches);
        return null;
    }

    private static List<SchemaNode> BranchNodes(SchemaNode node, string keyword)
    {
        if (!node.TryGet(keyword, out var branches) || branches.ValueKind != System.Text.Json.JsonValueKind.Array || branches.GetArrayLength() == 0)
            throw new JsonSchemaException(node.Pointer, keyword, "must be a non-empty array of schemas");
        return Enumerable.Range(0, branches.GetArrayLength()).Select(i => node.Child(keyword, Index(i))).ToList();
    }

    private static IReadOnlyList<IReadOnlyList<SchemaNode>> AnyOfBranches(SchemaNode node) =>
        BranchNodes(node, "anyOf").Select(b => (IReadOnlyList<SchemaNode>)[b]).ToList();
}
