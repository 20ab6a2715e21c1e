using System.Diagnostics;
using LlmLang.Grammar.Compilation;

namespace LlmLang.Grammar.Automata;

/// <summary>
/// Subset construction of each called rule's NFA fragment over byte classes and call symbols, then trimming of states
/// that cannot reach an end (so every live stack can complete), then checks: the grammar accepts something and no rule
/// is left-recursive (the pushdown layer expands calls eagerly, which left recursion would make endless).
/// </summary>
internal static class Determinizer
{
    public static PushdownAutomaton Build(Nfa nfa, string[] rules, (int Start, int Final)[] fragments, CompileLimits limits, Stopwatch clock)
    {
        var (classOf, classCount) = ByteClasses(nfa);
        var next = new List<int>();
        var calls = new List<List<(int Rule, int To)>>();
        var final = new List<bool>();
        var ruleStart = new int[rules.Length];
        var index = new Dictionary<string, int>();
        for (int r = 0; r < rules.Length; r++)
        {
            var queue = new Queue<(int[] Set, int Id)>();
            int Intern(int[] set)
            {
                string key = string.Join(',', set);
                if (index.TryGetValue(key + "/" + r, out int id)) return id;
                id = final.Count;
                if (id >= limits.MaxDfaStates)
                    throw new GrammarException($"grammar too large: more than {limits.MaxDfaStates} automaton states (limit MaxDfaStates); simplify the grammar");
                if (clock.Elapsed > limits.EffectiveTimeout)
                    throw new GrammarException($"grammar compilation exceeded its time limit of {limits.EffectiveTimeout.TotalSeconds:0.###} s");
                index[key + "/" + r] = id;
                final.Add(Array.BinarySearch(set, fragments[r].Final) >= 0);
                calls.Add(new());
                for (int c = 0; c < classCount; c++) next.Add(-1);
                queue.Enqueue((set, id));
                return id;
            }
            ruleStart[r] = Intern(Closure(nfa, [fragments[r].Start]));
            while (queue.Count > 0)
            {
                var (set, id) = queue.Dequeue();
                var byClass = new List<int>?[classCount];
                var byRule = new SortedDictionary<int, List<int>>();
                foreach (int s in set)
                {
                    foreach (var (lo, hi, to) in nfa.Bytes[s])
                        for (int c = classOf[lo]; c <= classOf[hi]; c++) (byClass[c] ??= new()).Add(to);
                    foreach (var (rule, to) in nfa.Calls[s])
                    {
                        if (!byRule.TryGetValue(rule, out var targets)) byRule[rule] = targets = new();
                        targets.Add(to);
                    }
                }
                for (int c = 0; c < classCount; c++)
                    if (byClass[c] is { } targets) next[id * classCount + c] = Intern(Closure(nfa, targets));
                foreach (var (rule, targets) in byRule) calls[id].Add((rule, Intern(Closure(nfa, targets))));
            }
        }
        return Trim(classOf, classCount, next.ToArray(), calls, final.ToArray(), ruleStart, rules);
    }

    private static (byte[] ClassOf, int Count) ByteClasses(Nfa nfa)
    {
        var boundary = new bool[257];
        boundary[0] = true;
        foreach (var edges in nfa.Bytes)
        foreach (var (lo, hi, _) in edges)
        {
            boundary[lo] = true;
            boundary[hi + 1] = true;
        }
        var classOf = new byte[256];
        int current = -1;
        for (int b = 0; b < 256; b++)
        {
            if (boundary[b]) current++;
            classOf[b] = (byte)current;
        }
        return (classOf, current + 1);
    }

    private static int[] Closure(Nfa nfa, IEnumerable<int> seeds)
    {
        var seen = new HashSet<int>();
        var stack = new Stack<int>(seeds);
        while (stack.Count > 0)
        {
            int s = stack.Pop();
            if (!seen.Add(s)) continue;
            foreach (int t in nfa.Epsilon[s]) stack.Push(t);
        }
        var set = seen.ToArray();
        Array.Sort(set);
        return set;
    }

    private static PushdownAutomaton Trim(byte[] classOf, int classCount, int[] next, List<List<(int Rule, int To)>> calls,
        bool[] final, int[] ruleStart, string[] rules)
    {
        int states = final.Length;
        var live = (bool[])final.Clone();
        for (bool changed = true; changed;)
        {
            changed = false;
            for (int s = 0; s < states; s++)
            {
                if (live[s]) continue;
                bool reaches = false;
                for (int c = 0; c < classCount && !reaches; c++) reaches = next[s * classCount + c] is >= 0 and var t && live[t];
                foreach (var (rule, to) in calls[s]) reaches |= live[ruleStart[rule]] && live[to];
                if (reaches) live[s] = changed = true;
            }
        }
        if (!live[ruleStart[0]])
            throw new GrammarException($"the grammar accepts nothing: start rule '{rules[0]}' cannot produce any complete text");
        for (int i = 0; i < next.Length; i++)
            if (next[i] >= 0 && !live[next[i]]) next[i] = -1;
        var callStart = new int[states + 1];
        var callRule = new List<int>();
        var callTarget = new List<int>();
        for (int s = 0; s < states; s++)
        {
            callStart[s] = callRule.Count;
            foreach (var (rule, to) in calls[s])
                if (live[ruleStart[rule]] && live[to]) { callRule.Add(rule); callTarget.Add(to); }
        }
        callStart[states] = callRule.Count;
        var automaton = new PushdownAutomaton(classOf, classCount, next, callStart, callRule.ToArray(), callTarget.ToArray(),
            final, ruleStart, rules);
        RejectLeftRecursion(automaton);
        return automaton;
    }

    // A rule that can call itself before reading a byte would expand forever.
    private static void RejectLeftRecursion(PushdownAutomaton a)
    {
        int rules = a.RuleStart.Length;
        var leftCalls = new HashSet<int>[rules];
        for (int r = 0; r < rules; r++)
        {
            leftCalls[r] = new();
            var seen = new HashSet<int>();
            var stack = new Stack<int>([a.RuleStart[r]]);
            while (stack.Count > 0)
            {
                int s = stack.Pop();
                if (!seen.Add(s)) continue;
                for (int c = a.CallStart[s]; c < a.CallStart[s + 1]; c++)
                {
                    leftCalls[r].Add(a.CallRule[c]);
                    if (a.Completes[a.RuleStart[a.CallRule[c]]]) stack.Push(a.CallTarget[c]);
                }
            }
        }
        for (int r = 0; r < rules; r++)
        {
            var seen = new HashSet<int>();
            var stack = new Stack<int>(leftCalls[r]);
            while (stack.Count > 0)
            {
                int x = stack.Pop();
                if (x == r)
                    throw new GrammarException($"rule '{a.RuleNames[r]}' is left-recursive (it can reach itself before reading any text); rewrite it with repetition");
                if (seen.Add(x)) foreach (int y in leftCalls[x]) stack.Push(y);
            }
        }
    }
}
