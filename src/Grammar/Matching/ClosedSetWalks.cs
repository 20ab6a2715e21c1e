namespace LlmLang.Grammar.Matching;

/// <summary>
/// The trie walk shared by the states of a closed set: states that every byte of a set <c>B</c> (and, with text,
/// every non-ASCII character) leads to another state of the set, none of them dead, calling or returning. The
/// substring search of an unanchored <c>pattern</c> is such a set: dozens of states (how much of the pattern was
/// seen), each reading almost any string character. From any state of the set, a token read entirely in <c>B</c> is
/// accepted, whichever state it ends in; only where a token first leaves <c>B</c> (an exit: a quote, a backslash)
/// does the state matter. So one walk per vocabulary and <see cref="ClosedSetProfile"/> lists the tokens read in
/// <c>B</c> and a skeleton of the trie: the nodes on the way to exits. An entry steps the automaton along the
/// skeleton (thousands of nodes, not the trie's hundreds of thousands) and reads only the exits itself.
/// Built once per profile and trie, at most 64 kept.
/// </summary>
internal static class ClosedSetWalks
{
    /// <summary>The walks built so far, by trie and profile.</summary>
    public static readonly SharedWalkCache<ClosedSetProfile, ClosedSetWalk> Walks = new(64, Build);

    private static ClosedSetWalk Build(TokenTrie trie, ClosedSetProfile profile)
    {
        var subtrees = TrieSubtrees.Of(trie);
        var accepted = new TriePositionSet(trie.Ids.Length);
        var skeletonLabel = new List<byte>();
        var skeletonParent = new List<int>();
        var exitNode = new List<int>();
        var exitParent = new List<int>();
        ulong[] bytes = profile.Bytes.ToArray();
        ulong[] text = [bytes[0], bytes[1], ulong.MaxValue, ulong.MaxValue];
        Walk(0, 0, -1);
        return new ClosedSetWalk(accepted.ToIdBits(trie.Ids, subtrees.TextBits, subtrees.TextBits.Length), skeletonLabel.ToArray(), skeletonParent.ToArray(), exitNode.ToArray(), exitParent.ToArray());

        // `utf8`: 0 at a character boundary (in a state of the set), else inside a non-ASCII character whose subtree
        // is well-formed (TrieSubtrees.Utf8Step's states). `parent`: the node's skeleton index (-1: the root).
        // Returns whether an exit lies below.
        bool Walk(int node, int utf8, int parent)
        {
            bool exits = false;
            for (int child = trie.FirstChild[node]; child >= 0; child = trie.NextSibling[child])
            {
                byte b = trie.Label[child];
                int next = Step(utf8, b, child);
                if (next < 0)
                {
                    exitNode.Add(child);
                    exitParent.Add(parent);
                    exits = true;
                    continue;
                }
                if (next == 0 && (subtrees.Within(child, bytes) || profile.Text && (subtrees.Utf8Valid[child] & 1) != 0 && subtrees.Within(child, text)))
                {
                    accepted.AddRange(trie.TokenStart[child], subtrees.SubtreeEnd[child]);
                    continue;
                }
                accepted.AddRange(trie.TokenStart[child], trie.TokenEnd[child]);
                if (trie.FirstChild[child] < 0) continue;
                int index = skeletonLabel.Count;
                skeletonLabel.Add(b);
                skeletonParent.Add(parent);
                if (Walk(child, next, index)) exits = true;
                else
                {
                    skeletonLabel.RemoveAt(index);
                    skeletonParent.RemoveAt(index);
                }
            }
            return exits;
        }

        // The UTF-8 state after the child's byte when it stays in the set's bytes (a non-ASCII character only when
        // its subtree is well-formed); -1 for an exit.
        int Step(int utf8, byte b, int child)
        {
            if (utf8 != 0) return TrieSubtrees.Utf8Step(utf8, b);
            if (b < 0x80) return profile.Bytes.Contains(b) ? 0 : -1;
            int lead = TrieSubtrees.Utf8Step(0, b);
            return profile.Text && lead > 0 && (subtrees.Utf8Valid[child] >> lead & 1) != 0 ? lead : -1;
        }
    }
}

/// <summary>
/// What decides a closed set's shared walk: the ASCII bytes every state of the set reads into the set, and whether
/// every non-ASCII character does too.
/// </summary>
internal readonly record struct ClosedSetProfile(ByteSet Bytes, bool Text);

/// <summary>
/// One closed set's shared walk: the token ids accepted from any state of the set as a bitmask (shared by the
/// entries, never written); the
/// skeleton, nodes with an exit below in trie preorder, as their byte and their parent's skeleton index (-1: the
/// root); and the exits, the nodes where a token leaves the set's bytes, with their parent's skeleton index.
/// </summary>
internal sealed record ClosedSetWalk(uint[] AcceptedIdBits, byte[] SkeletonLabel, int[] SkeletonParent, int[] ExitNode, int[] ExitParent)
{
    /// <summary>
    /// Steps the automaton from <paramref name="state"/> along the skeleton: states[i] is the state at skeleton node i,
    /// -1 when dead. Never dead from a state of the set, as every skeleton byte stays in it (or inside a character that
    /// leads back to it); a counting run dies where it ends.
    /// </summary>
    public void Step(int state, int[] next, byte[] classOf, int classCount, int[] states)
    {
        for (int i = 0; i < SkeletonLabel.Length; i++)
        {
            int parent = SkeletonParent[i];
            int from = parent < 0 ? state : states[parent];
            states[i] = from < 0 ? -1 : next[from * classCount + classOf[SkeletonLabel[i]]];
        }
    }
}
