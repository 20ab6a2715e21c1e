using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace LlmLang.Grammar.Matching;

/// <summary>
/// Shared walks by token trie and profile (<see cref="SelfLoopWalks"/>, <see cref="ClosedSetWalks"/>): built on first
/// use, at most <c>capacity</c> kept per trie (past that, built for each request and dropped), safe across threads.
/// </summary>
internal sealed class SharedWalkCache<TProfile, TWalk>(int capacity, Func<TokenTrie, TProfile, TWalk> build) where TProfile : notnull
{
    private readonly ConditionalWeakTable<TokenTrie, ConcurrentDictionary<TProfile, TWalk>> _byTrie = new();

    /// <summary>The walk of the profile when one was kept, without building it.</summary>
    public TWalk? Find(TokenTrie trie, TProfile profile) =>
        _byTrie.TryGetValue(trie, out var walks) && walks.TryGetValue(profile, out var known) ? known : default;

    public TWalk Get(TokenTrie trie, TProfile profile)
    {
        var walks = _byTrie.GetValue(trie, _ => new ConcurrentDictionary<TProfile, TWalk>());
        if (walks.TryGetValue(profile, out var known)) return known;
        var walk = build(trie, profile);
        if (walks.Count < capacity) walks.TryAdd(profile, walk);
        return walk;
    }
}
