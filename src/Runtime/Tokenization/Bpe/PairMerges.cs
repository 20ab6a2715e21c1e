namespace LlmLang.Runtime.Tokenization;

/// <summary>
/// The BPE merge table over token ids: which adjacent pair merges into which token, and with what priority.
/// Both tokenizer kinds share it: SentencePiece merges by the merged piece's score, ranked BPE by merge rank.
/// </summary>
internal sealed class PairMerges
{
    private readonly Dictionary<long, (int Merged, float Priority)> _pairs = new(PairKeyComparer.Instance);

    /// <summary>Number of pairs.</summary>
    public int Count => _pairs.Count;

    /// <summary>Adds a merge unless the pair has one already (the first, best-ranked one wins).</summary>
    public void Add(int left, int right, int merged, float priority) => _pairs.TryAdd(Key(left, right), (merged, priority));

    /// <summary>Adds ranked merge rules <c>"left right"</c> (best first) whose tokens and result are in <paramref name="vocab"/>.</summary>
    /// <exception cref="ArgumentException">A rule is not two tokens separated by a space.</exception>
    public void AddRules(IReadOnlyList<string> rules, Dictionary<string, int> vocab)
    {
        for (int rank = 0; rank < rules.Count; rank++)
        {
            var (left, right) = MergeRule.Parse(rules[rank], rank);
            if (vocab.TryGetValue(left, out int leftId) && vocab.TryGetValue(right, out int rightId)
                && vocab.TryGetValue(left + right, out int merged))
                Add(leftId, rightId, merged, -rank);
        }
    }

    /// <summary>Every way of cutting <paramref name="token"/> into two tokens of the vocabulary (never inside a surrogate pair).</summary>
    public static IEnumerable<(int Left, int Right, int Split)> Splits(string token, Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> vocab)
    {
        for (int split = 1; split < token.Length; split++)
        {
            if (char.IsLowSurrogate(token[split])) continue;
            if (vocab.TryGetValue(token.AsSpan(0, split), out int left) && vocab.TryGetValue(token.AsSpan(split), out int right))
                yield return (left, right, split);
        }
    }

    /// <summary>Looks up the merge of an adjacent pair.</summary>
    public bool TryGet(int left, int right, out int merged, out float priority)
    {
        if (_pairs.TryGetValue(Key(left, right), out var entry))
        {
            (merged, priority) = entry;
            return true;
        }
        (merged, priority) = (0, 0);
        return false;
    }

    /// <summary>
    /// Merges <paramref name="symbols"/> in place and appends the result to <paramref name="output"/>: repeatedly the pair
    /// with the highest priority, the leftmost one among equals, as SentencePiece, llama2.c and Hugging Face BPE do.
    /// </summary>
    public void Apply(List<int> symbols, List<int> output)
    {
        int n = symbols.Count;
        if (n < 2)
        {
            output.AddRange(symbols);
            return;
        }
        var ids = symbols.ToArray();
        var next = new int[n];
        var prev = new int[n];
        for (int i = 0; i < n; i++)
        {
            next[i] = i + 1 < n ? i + 1 : -1;
            prev[i] = i - 1;
        }
        // Higher priority first, then the leftmost; symbols keep their left index, so index order is text order.
        var queue = new PriorityQueue<(int Left, int Right, int LeftId, int RightId), long>(n);
        void Offer(int left, int right)
        {
            if (left < 0 || right < 0) return;
            if (TryGet(ids[left], ids[right], out _, out float priority))
                queue.Enqueue((left, right, ids[left], ids[right]), Order(priority, left));
        }
        for (int i = 0; i + 1 < n; i++) Offer(i, i + 1);
        while (queue.TryDequeue(out var pair, out _))
        {
            // Stale entries: a side was merged away or changed since the pair was offered.
            if (ids[pair.Left] != pair.LeftId || next[pair.Left] != pair.Right || ids[pair.Right] != pair.RightId) continue;
            TryGet(pair.LeftId, pair.RightId, out int merged, out _);
            ids[pair.Left] = merged;
            ids[pair.Right] = -1;
            int after = next[pair.Right];
            next[pair.Left] = after;
            if (after >= 0) prev[after] = pair.Left;
            Offer(prev[pair.Left], pair.Left);
            Offer(pair.Left, after);
        }
        for (int i = 0; i >= 0; i = next[i]) output.Add(ids[i]);
    }

    // One long that sorts by priority (highest first), then position: the float's bits made order-preserving as an int
    // (adding +0 turns -0 into +0, so that the two tie as they do in float comparison).
    private static long Order(float priority, int left)
    {
        int bits = BitConverter.SingleToInt32Bits(-priority + 0f);
        int sortable = bits ^ ((bits >> 31) & int.MaxValue);
        return ((long)sortable << 32) | (uint)left;
    }

    private static long Key(int left, int right) => ((long)left << 32) | (uint)right;

    // long's own hash XORs the halves, so every pair with the same left ^ right would share a bucket.
    private sealed class PairKeyComparer : IEqualityComparer<long>
    {
        public static readonly PairKeyComparer Instance = new();

        public bool Equals(long x, long y) => x == y;

        public int GetHashCode(long key) => (int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> 32);
    }
}
