namespace LlmLang.Runtime.Engine;

/// <summary>
/// Prompt prefixes whose K/V stay in the cache because a caller committed them (a fork's shared history, a batch's
/// common instructions). A new sequence reuses the KV slots of its longest common token prefix with any entry, at
/// token granularity, so only the rest of its prompt is computed. Entries live until their handle is released.
/// (A radix tree over all finished sequences generalises this; see the scheduler issue.)
/// </summary>
internal sealed class PrefixCache(KvSlotPool pool)
{
    private readonly List<Entry> _entries = new();

    internal sealed record Entry(int[] Tokens, int[] Slots);

    /// <summary>Slots held by committed prefixes.</summary>
    public int HeldSlots => _entries.Sum(e => e.Slots.Length);

    /// <summary>Keeps the K/V of <paramref name="tokens"/> (already computed into <paramref name="slots"/>); takes a reference on the slots.</summary>
    public Entry Add(int[] tokens, IReadOnlyList<int> slots)
    {
        var entry = new Entry(tokens, slots.Take(tokens.Length).ToArray());
        pool.Retain(entry.Slots);
        _entries.Add(entry);
        return entry;
    }

    /// <summary>Drops an entry and its references.</summary>
    public void Remove(Entry entry)
    {
        if (_entries.Remove(entry)) pool.Release(entry.Slots);
    }

    /// <summary>The longest cached prefix of <paramref name="prompt"/>, at most <paramref name="limit"/> tokens: its slots
    /// (a reference is taken for the caller) or an empty array.</summary>
    public int[] Match(IReadOnlyList<int> prompt, int limit)
    {
        Entry? best = null;
        int bestLength = 0;
        foreach (var entry in _entries)
        {
            int n = 0, max = Math.Min(Math.Min(entry.Tokens.Length, prompt.Count), limit);
            while (n < max && entry.Tokens[n] == prompt[n]) n++;
            if (n > bestLength) (best, bestLength) = (entry, n);
        }
        if (best is null) return [];
        var slots = best.Slots[..bestLength];
        pool.Retain(slots);
        return slots;
    }

    /// <summary>Releases every entry (engine shutdown).</summary>
    public void Clear()
    {
        foreach (var entry in _entries) pool.Release(entry.Slots);
        _entries.Clear();
    }
}
