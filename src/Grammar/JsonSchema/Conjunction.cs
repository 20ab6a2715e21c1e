using System.Collections;
using System.Collections.Immutable;
using System.Text.Json;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>
/// Schemas that must all hold (after <c>$ref</c> and <c>allOf</c> are expanded), with the <c>anyOf</c>/<c>oneOf</c>
/// keywords already distributed (<see cref="Consumed"/>: "pointer/keyword"). Its <see cref="Key"/> identifies the
/// rule it compiles to, which is how recursive schemas become recursive rules.
/// </summary>
internal sealed record Conjunction(ImmutableArray<SchemaNode> Nodes, bool IsFalse, ImmutableSortedSet<string> Consumed)
{
    public string Key { get; } = IsFalse ? "false" : KeyOf(Nodes, Consumed);

    public bool IsConsumed(SchemaNode node, string keyword) => Consumed.Contains(node.Pointer + "/" + keyword);

    // The nodes' pointers, sorted and joined by '&', then '!' and the consumed keywords.
    private static string KeyOf(ImmutableArray<SchemaNode> nodes, ImmutableSortedSet<string> consumed)
    {
        var pointers = new string[nodes.Length];
        for (int i = 0; i < pointers.Length; i++) pointers[i] = nodes[i].Pointer;
        Array.Sort(pointers, StringComparer.Ordinal);
        string joined = pointers.Length == 1 ? pointers[0] : string.Join("&", pointers);
        return consumed.Count == 0 ? joined + "!" : joined + "!" + string.Join("&", consumed);
    }

    /// <summary>Nodes having <paramref name="keyword"/>, with its value.</summary>
    public KeywordValues With(string keyword) => new(Nodes, keyword);

    /// <summary>Whether some node has <paramref name="keyword"/>.</summary>
    public bool Has(string keyword) => With(keyword).GetEnumerator().MoveNext();

    /// <summary>The nodes having a keyword, with its value; <c>foreach</c> enumerates them without allocating (the
    /// translator asks a conjunction for dozens of keywords).</summary>
    internal readonly struct KeywordValues(ImmutableArray<SchemaNode> nodes, string keyword) : IEnumerable<(SchemaNode Node, JsonElement Value)>
    {
        public Enumerator GetEnumerator() => new(nodes, keyword);

        IEnumerator<(SchemaNode Node, JsonElement Value)> IEnumerable<(SchemaNode Node, JsonElement Value)>.GetEnumerator() => GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        internal struct Enumerator(ImmutableArray<SchemaNode> nodes, string keyword) : IEnumerator<(SchemaNode Node, JsonElement Value)>
        {
            private int _index = -1;

            public (SchemaNode Node, JsonElement Value) Current { get; private set; }

            readonly object IEnumerator.Current => Current;

            public bool MoveNext()
            {
                while (++_index < nodes.Length)
                    if (nodes[_index].TryGet(keyword, out var value))
                    {
                        Current = (nodes[_index], value);
                        return true;
                    }
                return false;
            }

            public void Reset() => _index = -1;

            public readonly void Dispose() { }
        }
    }
}
