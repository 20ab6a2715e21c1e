using LlmLang.Grammar.Vocabulary;

namespace LlmLang.Grammar.Matching;

/// <summary>
/// The text tokens of a vocabulary as a byte trie (node 0 is the root), children in byte order, so a token walk steps
/// each shared prefix once. Node n's own tokens are <c>Ids[TokenStart[n] .. TokenEnd[n])</c>; its subtree's tokens
/// start at <c>TokenStart[n]</c> too (so <c>Ids[TokenStart[n]]</c> has the node's prefix). Immutable.
/// </summary>
internal sealed class TokenTrie
{
    /// <summary>Builds the trie of every text token of <paramref name="vocabulary"/>.</summary>
    public TokenTrie(TokenVocabulary vocabulary)
    {
        var ids = Enumerable.Range(0, vocabulary.Count).Where(vocabulary.IsText).ToArray();
        Array.Sort(ids, (a, b) => vocabulary.GetBytes(a).SequenceCompareTo(vocabulary.GetBytes(b)));
        var label = new List<byte> { 0 };
        var depth = new List<int> { 0 };
        var firstChild = new List<int> { -1 };
        var nextSibling = new List<int> { -1 };
        var lastChild = new List<int> { -1 };
        var tokenNode = new int[ids.Length];
        var subtreeStart = new List<int> { 0 };
        var path = new List<int> { 0 }; // node per depth along the previous token
        ReadOnlySpan<byte> previous = [];
        for (int i = 0; i < ids.Length; i++)
        {
            var token = vocabulary.GetBytes(ids[i]);
            int common = token.CommonPrefixLength(previous);
            path.RemoveRange(common + 1, path.Count - common - 1);
            for (int d = common; d < token.Length; d++)
            {
                int parent = path[d], node = label.Count;
                label.Add(token[d]);
                depth.Add(d + 1);
                firstChild.Add(-1);
                nextSibling.Add(-1);
                lastChild.Add(-1);
                subtreeStart.Add(i);
                if (lastChild[parent] < 0) firstChild[parent] = node;
                else nextSibling[lastChild[parent]] = node;
                lastChild[parent] = node;
                path.Add(node);
            }
            tokenNode[i] = path[token.Length];
            previous = token;
        }
        // Sorted by bytes: a subtree's tokens are consecutive and a node's own tokens come first among them.
        var tokenEnd = subtreeStart.ToArray();
        foreach (int node in tokenNode) tokenEnd[node]++;
        Ids = ids;
        // Numbered breadth first: a node's children are consecutive, so a walk reading them (most of a walk's steps)
        // reads each array in order rather than jumping across a subtree from one sibling to the next.
        int count = label.Count;
        var order = new int[count];
        var renamed = new int[count];
        for (int at = 0, end = 1; at < end; at++)
        {
            int node = order[at];
            renamed[node] = at;
            for (int c = firstChild[node]; c >= 0; c = nextSibling[c]) order[end++] = c;
        }
        Label = new byte[count];
        Depth = new int[count];
        FirstChild = new int[count];
        NextSibling = new int[count];
        TokenStart = new int[count];
        TokenEnd = new int[count];
        for (int n = 0; n < count; n++)
        {
            int old = order[n];
            Label[n] = label[old];
            Depth[n] = depth[old];
            TokenStart[n] = subtreeStart[old];
            TokenEnd[n] = tokenEnd[old];
            FirstChild[n] = firstChild[old] < 0 ? -1 : renamed[firstChild[old]];
            NextSibling[n] = nextSibling[old] < 0 ? -1 : renamed[nextSibling[old]];
        }
        // A node with many children also gets a slot per byte, so a walk in a state that reads few bytes looks those
        // up instead of reading the whole sibling list.
        DenseStart = new int[Label.Length];
        var dense = new List<int>();
        for (int n = 0; n < Label.Length; n++)
        {
            int children = 0;
            for (int c = FirstChild[n]; c >= 0; c = NextSibling[c]) children++;
            if (children < DenseFanout)
            {
                DenseStart[n] = -1;
                continue;
            }
            DenseStart[n] = dense.Count;
            dense.AddRange(Enumerable.Repeat(-1, 256));
            for (int c = FirstChild[n]; c >= 0; c = NextSibling[c]) dense[DenseStart[n] + Label[c]] = c;
        }
        DenseChildren = dense.ToArray();
        MaxTokenLength = ids.Length > 0 ? ids.Max(id => vocabulary.GetBytes(id).Length) : 0;
        LongTokens = ids.Where(id => vocabulary.GetBytes(id).Length > LongTokenBytes)
            .Select(id => (id, StringTokenLengths.Characters(vocabulary.GetBytes(id)))).ToArray();
    }

    /// <summary>Tokens longer than this many bytes are listed in <see cref="LongTokens"/>.</summary>
    public const int LongTokenBytes = 16;

    /// <summary>The tokens longer than <see cref="LongTokenBytes"/> bytes, with the characters each holds (its bytes
    /// that are not UTF-8 continuation bytes): 800–4,000 in the usual vocabularies.</summary>
    public (int Id, int Characters)[] LongTokens { get; }

    /// <summary>Bytes of the longest text token (0: none).</summary>
    public int MaxTokenLength { get; }

    /// <summary>Nodes with at least this many children have slots in <see cref="DenseChildren"/>.</summary>
    public const int DenseFanout = 32;

    /// <summary>Text token ids sorted by their bytes.</summary>
    public int[] Ids { get; }

    /// <summary>The byte on the edge into each node (0 for the root).</summary>
    public byte[] Label { get; }

    /// <summary>Prefix length of each node (0 for the root).</summary>
    public int[] Depth { get; }

    /// <summary>First child of each node, or -1.</summary>
    public int[] FirstChild { get; }

    /// <summary>Next sibling of each node, or -1.</summary>
    public int[] NextSibling { get; }

    /// <summary>Start of each node's subtree tokens (own tokens first) in <see cref="Ids"/>.</summary>
    public int[] TokenStart { get; }

    /// <summary>End (exclusive) of each node's own tokens in <see cref="Ids"/>.</summary>
    public int[] TokenEnd { get; }

    /// <summary>For a node with at least <see cref="DenseFanout"/> children, where its 256 slots (one child or -1 per
    /// byte) start in <see cref="DenseChildren"/>; -1 for other nodes.</summary>
    public int[] DenseStart { get; }

    /// <summary>The child slots of the nodes with many children (see <see cref="DenseStart"/>).</summary>
    public int[] DenseChildren { get; }

    /// <summary>Number of nodes.</summary>
    public int NodeCount => Label.Length;

    /// <summary>Approximate memory held, in bytes.</summary>
    public long MemoryBytes => 33L * Label.Length + 4L * Ids.Length + 4L * DenseChildren.Length + 8L * LongTokens.Length;
}
