namespace LlmLang.Grammar.Matching;

/// <summary>
/// The part of a mask-cache entry's trie walk that, from the entry's first byte, stays in one self-looping state (a
/// string body, free text): the tokens read without leaving it, and the trie nodes where the walk leaves it. That part
/// depends only on a <see cref="LoopProfile"/>, so every entry with the same profile in every grammar over the
/// vocabulary shares one walk (the states at and after a plain JSON string's opening quote have one profile); an
/// entry then steps only the exits, not the tens of thousands of trie nodes inside the loop. Built once per profile
/// and trie, at most 128 kept.
/// </summary>
internal static class SelfLoopWalks
{
    /// <summary>The walks built so far, by trie and profile.</summary>
    public static readonly SharedWalkCache<LoopProfile, SelfLoopWalk> Walks = new(128, Build);

    private static SelfLoopWalk Build(TokenTrie trie, LoopProfile profile)
    {
        var subtrees = TrieSubtrees.Of(trie);
        var accepted = new TriePositionSet(trie.Ids.Length);
        var entryExits = new List<int>();
        var loopExits = new List<int>();
        ulong[] loop = profile.Loop.ToArray(), text = profile.Text.ToArray(), run = profile.RunBytes.ToArray();
        for (int child = trie.FirstChild[0]; child >= 0; child = trie.NextSibling[child])
        {
            byte b = trie.Label[child];
            int next = TrieSubtrees.Utf8Step(0, b);
            if (b < 0x80 && profile.First.Contains(b)) Enter(child, 0);
            else if (b >= 0x80 && profile.First.Contains(b) && next >= 0 && (subtrees.Utf8Valid[child] >> next & 1) != 0) Enter(child, next);
            else entryExits.Add(child);
        }
        return new SelfLoopWalk(accepted.ToIdBits(trie.Ids, subtrees.TextBits, subtrees.TextBits.Length), entryExits.ToArray(), loopExits.ToArray());

        // `utf8`: 0 in the loop state at a character boundary, else inside a non-ASCII character that leads to it
        // (TrieSubtrees.Utf8Step's states; the subtree below is then well-formed).
        void Walk(int node, int utf8)
        {
            for (int child = trie.FirstChild[node]; child >= 0; child = trie.NextSibling[child])
            {
                byte b = trie.Label[child];
                int next = 0;
                if (utf8 != 0 || !profile.Loop.Contains(b))
                {
                    next = TrieSubtrees.Utf8Step(utf8, b);
                    bool inCharacter = utf8 != 0
                        || b >= 0x80 && profile.LoopsOnText && next >= 0 && (subtrees.Utf8Valid[child] >> next & 1) != 0;
                    if (!inCharacter)
                    {
                        loopExits.Add(child);
                        continue;
                    }
                }
                Enter(child, next);
            }
        }

        void Enter(int child, int utf8)
        {
            if (utf8 == 0 && ReadWhole(child))
            {
                accepted.AddRange(trie.TokenStart[child], subtrees.SubtreeEnd[child]);
                return;
            }
            accepted.AddRange(trie.TokenStart[child], trie.TokenEnd[child]);
            if (trie.FirstChild[child] >= 0) Walk(child, utf8);
        }

        // What the entry walk's whole-subtree test says for a child that stays in the state (see EntryWalk.IsText).
        bool ReadWhole(int child) =>
            subtrees.Within(child, loop)
            || (subtrees.Utf8Valid[child] & 1) != 0
               && (profile.LoopsOnText && subtrees.Within(child, text)
                   || profile.Run > 0 && subtrees.Height[child] <= profile.Run && subtrees.Within(child, run));
    }
}

/// <summary>
/// What decides a shared walk: the bytes that lead from the entry's state into the loop state (<see cref="First"/>;
/// its two high words full when every non-ASCII character does), the bytes the loop state loops on, the text bytes it
/// reads whole when it loops on every non-ASCII character (<see cref="LoopsOnText"/>), and its counted text run and
/// bytes (0 and empty when none).
/// </summary>
internal readonly record struct LoopProfile(ByteSet First, ByteSet Loop, bool LoopsOnText, ByteSet Text, int Run, ByteSet RunBytes);

/// <summary>
/// One shared walk: the accepted token ids as a bitmask (shared by the entries, never written), the root's children
/// that do not lead into the loop (read in the entry's state) and the children below where the walk leaves the loop
/// state (read in it), each in trie order.
/// </summary>
internal sealed record SelfLoopWalk(uint[] AcceptedIdBits, int[] EntryExits, int[] LoopExits);
