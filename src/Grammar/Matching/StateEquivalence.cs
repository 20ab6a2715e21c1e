using System.Runtime.InteropServices;
using LlmLang.Grammar.Automata;

namespace LlmLang.Grammar.Matching;

/// <summary>
/// Groups automaton states that accept exactly the same tokens in every context, so they share one token-mask cache
/// entry. Two states are grouped when no path of at most <c>depth</c> edges (bytes read or rules entered) tells them
/// apart: same end-of-rule flags, and successors, called rules and return states pairwise grouped (Moore's partition
/// refinement, stopped at that depth). With the depth above the longest token times the calls a byte can make, an
/// entry's trie walk cannot tell grouped states apart: e.g. the counting states of a long <c>maxLength</c> string,
/// or the string bodies of properties followed by the same text, compute their entries once.
/// </summary>
internal static class StateEquivalence
{
    /// <summary>For each state, the smallest state of its group.</summary>
    /// <param name="automaton">The automaton.</param>
    /// <param name="depth">Refinement rounds at most (fewer when the partition stops changing).</param>
    /// <param name="initialGroup">A key that states must share to be grouped at all (e.g. whether nothing lies below).</param>
    public static int[] Representatives(PushdownAutomaton automaton, int depth, Func<int, int> initialGroup)
    {
        int n = automaton.StateCount;
        var edges = Edges(automaton, out int[] edgeStart);
        var group = new int[n];
        var initial = new Dictionary<(bool, bool, int), int>();
        for (int s = 0; s < n; s++)
        {
            var key = (automaton.Final[s], automaton.Completes[s], initialGroup(s));
            if (!initial.TryGetValue(key, out group[s])) initial[key] = group[s] = initial.Count;
        }
        int groups = initial.Count;
        var next = new int[n];
        for (int round = 0; round < depth && groups < n; round++)
        {
            var signatures = new Dictionary<int, int>(new SignatureComparer(automaton, edges, edgeStart, group));
            for (int s = 0; s < n; s++)
            {
                ref int id = ref CollectionsMarshal.GetValueRefOrAddDefault(signatures, s, out bool exists);
                if (!exists) id = signatures.Count - 1;
                next[s] = id;
            }
            bool changed = signatures.Count != groups;
            groups = signatures.Count;
            (group, next) = (next, group);
            if (!changed) break;
        }
        var representative = new int[n];
        var first = new Dictionary<int, int>();
        for (int s = 0; s < n; s++)
            representative[s] = first.TryGetValue(group[s], out int r) ? r : first[group[s]] = s;
        return representative;
    }

    // Per state, its byte transitions grouped by target: (class set id, target), so states with many classes going
    // to one place compare in one step.
    private static (int ClassSet, int Target)[] Edges(PushdownAutomaton a, out int[] start)
    {
        var list = new List<(int, int)>();
        start = new int[a.StateCount + 1];
        var classSets = new Dictionary<string, int>();
        var byTarget = new SortedDictionary<int, List<int>>();
        for (int s = 0; s < a.StateCount; s++)
        {
            start[s] = list.Count;
            byTarget.Clear();
            for (int c = 0; c < a.ClassCount; c++)
            {
                int t = a.Next[s * a.ClassCount + c];
                if (t < 0) continue;
                if (!byTarget.TryGetValue(t, out var classes)) byTarget[t] = classes = new();
                classes.Add(c);
            }
            var sorted = byTarget.Select(kv => (Key: string.Join(",", kv.Value), Target: kv.Key)).OrderBy(e => e.Key, StringComparer.Ordinal);
            foreach (var (key, target) in sorted)
            {
                if (!classSets.TryGetValue(key, out int id)) classSets[key] = id = classSets.Count;
                list.Add((id, target));
            }
        }
        start[a.StateCount] = list.Count;
        return list.ToArray();
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
