using LlmLang.Grammar.Ir;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>
/// A quoted JSON string that is none of the given names (canonical spelling), built over the names' character trie:
/// at each trie node the string may end (if no name ends there), leave the trie by a character no name continues
/// with, or follow a name's next character. Used for undeclared property keys.
/// </summary>
internal static class KeyExclusionGrammar
{
    public static GrammarExpr NoneOf(IEnumerable<string> names)
    {
        var root = new TrieNode();
        foreach (string name in names)
        {
            var node = root;
            foreach (var rune in name.EnumerateRunes())
            {
                if (!node.Children.TryGetValue(rune.Value, out var next)) node.Children[rune.Value] = next = new TrieNode();
                node = next;
            }
            node.IsName = true;
        }
        return JsonStringGrammar.Quoted(Outside(root));
    }

    private static readonly GrammarExpr AnyRest = Expr.Repeat(JsonStringGrammar.AnyChar, 0, null);

    private static GrammarExpr Outside(TrieNode node)
    {
        var anyRest = AnyRest;
        var parts = new List<GrammarExpr>();
        if (!node.IsName) parts.Add(Expr.Empty);
        var others = JsonStringGrammar.Subtract(JsonStringGrammar.AllScalars,
            node.Children.Keys.Order().Select(c => new CodeRange(c, c)).ToList());
        if (others.Count > 0) parts.Add(Expr.Seq(JsonStringGrammar.Char(others), anyRest));
        foreach (var (c, child) in node.Children.OrderBy(p => p.Key))
            parts.Add(Expr.Seq(Expr.Text(JsonStringGrammar.Escape(c)), Outside(child)));
        return Expr.Or(parts);
    }

    private sealed class TrieNode
    {
        public Dictionary<int, TrieNode> Children { get; } = [];

        public bool IsName { get; set; }
    }
}
