namespace LlmLang.Runtime.Engine;

/// <summary>
/// Hands out the token slots of a <see cref="KvCache"/> with reference counts, so forks and batch items can share the
/// slots of a common prefix: a slot returns to the free list when its last holder releases it. Not thread-safe: the
/// engine uses it from its own thread.
/// </summary>
public sealed class KvSlotPool
{
    private readonly int[] _refCounts;
    private readonly Stack<int> _free;

    /// <summary>A pool over slots 0..<paramref name="slots"/>-1.</summary>
    public KvSlotPool(int slots)
    {
        _refCounts = new int[slots];
        _free = new Stack<int>(Enumerable.Range(0, slots).Reverse());
    }

    /// <summary>Slots not held by anyone.</summary>
    public int FreeCount => _free.Count;

    /// <summary>Total slots.</summary>
    public int Capacity => _refCounts.Length;

    /// <summary>Takes <paramref name="count"/> fresh slots (reference count 1) and appends them to <paramref name="into"/>.</summary>
    /// <exception cref="KvCacheFullException">Fewer than <paramref name="count"/> slots are free; nothing is taken.</exception>
    public void Allocate(int count, List<int> into)
    {
        if (count > _free.Count)
            throw new KvCacheFullException($"the KV cache has {_free.Count} free token slots of {Capacity}; {count} are needed");
        for (int i = 0; i < count; i++)
        {
            int slot = _free.Pop();
            _refCounts[slot] = 1;
            into.Add(slot);
        }
    }

    /// <summary>Adds a holder to each slot (a fork or a request reusing a cached prefix).</summary>
    public void Retain(IEnumerable<int> slots)
    {
        foreach (int slot in slots)
        {
            if (_refCounts[slot] <= 0) throw new InvalidOperationException($"slot {slot} is not allocated");
            _refCounts[slot]++;
        }
    }

    /// <summary>Drops one holder from each slot; slots nobody holds become free.</summary>
    public void Release(IEnumerable<int> slots)
    {
        foreach (int slot in slots)
        {
            if (_refCounts[slot] <= 0) throw new InvalidOperationException($"slot {slot} released more often than taken");
            if (--_refCounts[slot] == 0) _free.Push(slot);
        }
    }
}

/// <summary>The KV cache has too few free slots for a request.</summary>
public sealed class KvCacheFullException(string message) : Exception(message);
