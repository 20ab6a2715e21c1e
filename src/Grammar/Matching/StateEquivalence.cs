using System.Runtime.InteropServices;
using LlmLang.Grammar.Automata;

namespace LlmLang.Grammar.Matching;

/// <summary>
/// Groups automaton states that accept exactly the same tokens in every context, so they share one token-mask cache
/// entry. Two states are grouped when no path reading at most <c>depth</c> bytes tells them apart: same end-of-rule
/// flags, and successors, called rules and return states pairwise grouped (Moore's partition refinement, stopped at
/// that depth; entering a rule or returning to the caller reads nothing, so those edges are refined to a fixpoint
/// within each byte round). With the depth above the longest token, an entry's trie walk cannot tell grouped states
/// apart: e.g. the counting states of a long <c>maxLength</c> string more than a token's length from its end, or the
/// string bodies of properties followed by the same text, compute their entries once.
/// </summary>
internal static class StateEquivalence
{
    /// <summary>For each state, the smallest state of its group.</summary>
    /// <param name="automaton">The automaton.</param>
    /// <param name="depth">Bytes deep at most (fewer rounds when the partition stops changing).</param>
    /// <param name="initialGroup">A key that states must share to be grouped at all (e.g. whether nothing lies below).</param>
    public static int[] Representatives(PushdownAutomaton automaton, int depth, Func<int, int> initialGroup)
    {
        int n = automaton.StateCount;
        var edges = Edges(automaton, out int[] edgeStart);
        var bytePredecessors = Predecessors(automaton, edges, edgeStart, calls: false, out int[] byteStart);
        var callPredecessors = Predecessors(automaton, edges, edgeStart, calls: true, out int[] callStart);
        var group = new int[n];
        var members = new List<List<int>>();
        var initial = new Dictionary<(bool, bool, int), int>();
        for (int s = 0; s < n; s++)
        {
            var key = (automaton.Final[s], automaton.Completes[s], initialGroup(s));
            if (!initial.TryGetValue(key, out group[s]))
            {
                initial[key] = group[s] = members.Count;
                members.Add(new());
            }
            members[group[s]].Add(s);
        }
        // Each pass only states with a successor that moved in the last one can split from their group (the others'
        // signatures are unchanged), so a long counting chain costs a few states per round, not the whole automaton.
        // A round is one byte deeper: states whose byte successors moved are examined in the next round, those whose
        // called rules or return states moved in another pass of the same round (entering or leaving a rule reads
        // nothing). The buffers are reused: automata with long chains run hundreds of rounds.
        var candidates = Enumerable.Range(0, n).ToList();
        var nextRound = new List<int>();
        var sortKeys = new long[n];
        var moves = new List<(int State, int Group)>();
        var mark = new int[n];
        var queuedPass = new int[n];
        var queuedRound = new int[n];
        var comparer = new SignatureComparer(automaton, edges, edgeStart, group);
        var newGroup = new Dictionary<int, int>(comparer);
        int pass = 0;
        for (int round = 1; round <= depth && candidates.Count > 0; round++)
        {
            nextRound.Clear();
            while (candidates.Count > 0)
            {
                pass++;
                Refine(candidates, pass);
                candidates.Clear();
                foreach (var (s, _) in moves)
                {
                    for (int i = callStart[s]; i < callStart[s + 1]; i++)
                        if (callPredecessors[i] is var p && queuedPass[p] != pass)
                        {
                            queuedPass[p] = pass;
                            candidates.Add(p);
                        }
                    for (int i = byteStart[s]; i < byteStart[s + 1]; i++)
                        if (bytePredecessors[i] is var p && queuedRound[p] != round)
                        {
                            queuedRound[p] = round;
                            nextRound.Add(p);
                        }
                }
            }
            (candidates, nextRound) = (nextRound, candidates);
        }

        // Splits the candidates' groups by signature; the moves are applied and left in `moves`.
        void Refine(List<int> candidates, int pass)
        {
            foreach (int s in candidates) mark[s] = pass;
            // By group, then state: packed keys sort without a comparison delegate.
            for (int i = 0; i < candidates.Count; i++) sortKeys[i] = (long)group[candidates[i]] << 32 | (uint)candidates[i];
            Array.Sort(sortKeys, 0, candidates.Count);
            for (int i = 0; i < candidates.Count; i++) candidates[i] = (int)sortKeys[i];
            moves.Clear();
            int groups = members.Count;
            for (int from = 0, to; from < candidates.Count; from = to)
            {
                int g = group[candidates[from]];
                for (to = from + 1; to < candidates.Count && group[candidates[to]] == g; to++) { }
                int stay = UnmarkedMember(members[g], group, g, mark, pass);
                if (to - from == 1)
                {
                    // One candidate: it stays when it still matches a member that did not move, or is alone.
                    int s = candidates[from];
                    if (stay >= 0 && !comparer.Equals(s, stay)) moves.Add((s, groups++));
                    continue;
                }
                if (newGroup.Count > 1024) newGroup = new Dictionary<int, int>(comparer); // Clear() would walk the old capacity
                else newGroup.Clear();
                if (stay >= 0) newGroup[stay] = g;
                for (int i = from; i < to; i++)
                {
                    int s = candidates[i];
                    if (!newGroup.TryGetValue(s, out int id))
                    {
                        id = stay < 0 && newGroup.Count == 0 ? g : groups++;
                        newGroup[s] = id;
                    }
                    if (id != g) moves.Add((s, id));
                }
            }
            while (members.Count < groups) members.Add(new());
            foreach (var (s, id) in moves)
            {
                group[s] = id;
                members[id].Add(s);
            }
        }
        var representative = new int[n];
        var first = new Dictionary<int, int>();
        for (int s = 0; s < n; s++)
            representative[s] = first.TryGetValue(group[s], out int r) ? r : first[group[s]] = s;
        return representative;
    }

    // A member of group g that is not a candidate in this pass, dropping members that moved to other groups on the way.
    private static int UnmarkedMember(List<int> members, int[] group, int g, int[] mark, int pass)
    {
        for (int i = 0; i < members.Count;)
        {
            int m = members[i];
            if (group[m] != g)
            {
                members[i] = members[^1];
                members.RemoveAt(members.Count - 1);
            }
            else if (mark[m] != pass) return m;
            else i++;
        }
        return -1;
    }

    // States whose signature mentions each state, as one array (predecessors of s at start[s] .. start[s + 1], a source
    // possibly listed more than once): byte-edge sources, or (calls) callers of a rule's start and callers returning there.
    private static int[] Predecessors(PushdownAutomaton a, (int ClassSet, int Target)[] edges, int[] edgeStart, bool calls, out int[] start)
    {
        var pairs = new List<(int Target, int Source)>();
        for (int s = 0; s < a.StateCount; s++)
        {
            if (!calls)
                for (int i = edgeStart[s]; i < edgeStart[s + 1]; i++) pairs.Add((edges[i].Target, s));
            else
                for (int c = a.CallStart[s]; c < a.CallStart[s + 1]; c++)
                {
                    pairs.Add((a.RuleStart[a.CallRule[c]], s));
                    pairs.Add((a.CallTarget[c], s));
                }
        }
        start = new int[a.StateCount + 1];
        foreach (var (target, _) in pairs) start[target + 1]++;
        for (int s = 0; s < a.StateCount; s++) start[s + 1] += start[s];
        var list = new int[pairs.Count];
        var fill = (int[])start.Clone();
        foreach (var (target, source) in pairs) list[fill[target]++] = source;
        return list;
    }

    // Per state, its byte transitions grouped by target: (class set id, target), so states with many classes going
    // to one place compare in one step. Edges are listed in class-set order, so equal signatures line up.
    private static (int ClassSet, int Target)[] Edges(PushdownAutomaton a, out int[] start)
    {
        var list = new List<(int, int)>();
        start = new int[a.StateCount + 1];
        var classSets = new Dictionary<ClassSet, int>();
        var sorted = new List<(ClassSet Classes, int Target)>();
        // Per target state, its index in `sorted` while the state's row is read (-1 otherwise).
        var slot = new int[a.StateCount];
        Array.Fill(slot, -1);
        for (int s = 0; s < a.StateCount; s++)
        {
            start[s] = list.Count;
            sorted.Clear();
            for (int c = 0; c < a.ClassCount; c++)
            {
                int t = a.Next[s * a.ClassCount + c];
                if (t < 0) continue;
                if (slot[t] < 0)
                {
                    slot[t] = sorted.Count;
                    sorted.Add((default, t));
                }
                sorted[slot[t]] = (sorted[slot[t]].Classes.With(c), t);
            }
            foreach (var (_, target) in sorted) slot[target] = -1;
            sorted.Sort((x, y) => x.Classes.CompareTo(y.Classes));
            foreach (var (classes, target) in sorted)
            {
                if (!classSets.TryGetValue(classes, out int id)) classSets[classes] = id = classSets.Count;
                list.Add((id, target));
            }
        }
        start[a.StateCount] = list.Count;
        return list.ToArray();
    }

    // A set of byte classes (at most 256) as four 64-bit words: a value type, so grouping edges allocates nothing.
    private readonly record struct ClassSet(ulong W0, ulong W1, ulong W2, ulong W3) : IComparable<ClassSet>
    {
        public ClassSet With(int c) => (c >> 6) switch
        {
            0 => this with { W0 = W0 | 1UL << c },
            1 => this with { W1 = W1 | 1UL << c },
            2 => this with { W2 = W2 | 1UL << c },
            _ => this with { W3 = W3 | 1UL << c },
        };

        public int CompareTo(ClassSet other) =>
            W0 != other.W0 ? W0.CompareTo(other.W0) : W1 != other.W1 ? W1.CompareTo(other.W1) : W2 != other.W2 ? W2.CompareTo(other.W2) : W3.CompareTo(other.W3);
    }

    // Two states have the same signature when they are in the same group and their edges, calls and return states
    // lead to the same groups.
    private sealed class SignatureComparer(PushdownAutomaton a, (int ClassSet, int Target)[] edges, int[] start, int[] group)
        : IEqualityComparer<int>
    {
        public bool Equals(int x, int y)
        {
            if (group[x] != group[y] || start[x + 1] - start[x] != start[y + 1] - start[y]) return false;
            if (a.CallStart[x + 1] - a.CallStart[x] != a.CallStart[y + 1] - a.CallStart[y]) return false;
            for (int i = start[x], j = start[y]; i < start[x + 1]; i++, j++)
                if (edges[i].ClassSet != edges[j].ClassSet || group[edges[i].Target] != group[edges[j].Target]) return false;
            for (int i = a.CallStart[x], j = a.CallStart[y]; i < a.CallStart[x + 1]; i++, j++)
                if (group[a.RuleStart[a.CallRule[i]]] != group[a.RuleStart[a.CallRule[j]]] || group[a.CallTarget[i]] != group[a.CallTarget[j]]) return false;
            return true;
        }

        public int GetHashCode(int x)
        {
            var hash = new HashCode();
            hash.Add(group[x]);
            for (int i = start[x]; i < start[x + 1]; i++)
            {
                hash.Add(edges[i].ClassSet);
                hash.Add(group[edges[i].Target]);
            }
            for (int i = a.CallStart[x]; i < a.CallStart[x + 1]; i++)
            {
                hash.Add(group[a.RuleStart[a.CallRule[i]]]);
                hash.Add(group[a.CallTarget[i]]);
            }
            return hash.ToHashCode();
        }
    }
}
