using System.Collections.Concurrent;

namespace LlmLang.Grammar.Compilation;

/// <summary>
/// Results of a pure compile step kept for the process, for at most <c>capacity</c> keys: steps whose inputs recur
/// across grammars (UTF-8 splits of character ranges, patterns' contents). Past the bound results are computed and not
/// kept, as keys come from users' grammars. Thread-safe; a failing step keeps nothing.
/// </summary>
internal sealed class BoundedMemo<TKey, TValue>(Func<TKey, TValue> compute, int capacity, IEqualityComparer<TKey>? comparer = null)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, TValue> _known = new(comparer);
    // Counted here: ConcurrentDictionary.Count takes every lock.
    private int _count;

    public TValue Get(TKey key)
    {
        if (_known.TryGetValue(key, out var known)) return known;
        var value = compute(key);
        if (Volatile.Read(ref _count) < capacity && _known.TryAdd(key, value)) Interlocked.Increment(ref _count);
        return value;
    }
}
