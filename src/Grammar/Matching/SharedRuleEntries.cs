using LlmLang.Grammar.Automata;

namespace LlmLang.Grammar.Matching;

/// <summary>
/// Cache entries of recursive, self-contained rules shared by every grammar of a vocabulary. A rule that calls only
/// itself and returns into context its entries do not read (the generic JSON value of untyped properties, in a third
/// of MaskBench's schemas) has the same entries in any grammar whose automaton holds the same rule, up to where its
/// states are numbered: the tokens, the uncertain trie nodes, and parent states relative to the rule's first state.
/// Rules are matched by their <see cref="RuleShape"/>; at most 32 shapes of at most <see cref="MaxStates"/> states
/// are kept per trie, so what the vocabulary holds for them stays bounded.
/// </summary>
internal static class SharedRuleEntries
{
    /// <summary>Most states of a rule whose entries are shared (the generic JSON value has 176).</summary>
    public const int MaxStates = 2048;

    private static readonly SharedWalkCache<RuleShape, StateTokenMask?[]> Entries = new(32, (_, shape) => new StateTokenMask?[shape.States]);

    /// <summary>The shared entries of <paramref name="rule"/>, indexed from its first state (filled as they are computed);
    /// null when the rule does not qualify.</summary>
    public static StateTokenMask?[]? For(TokenTrie trie, PushdownAutomaton automaton, int rule, int maskWords, int maxStacks) =>
        RuleShape.Of(automaton, rule, maskWords, maxStacks) is { } shape ? Entries.Get(trie, shape) : null;

    /// <summary>An entry with its parent states made relative to <paramref name="offset"/> (the rule's first state);
    /// null when one lies outside the rule's <paramref name="states"/> or below a return frame.</summary>
    public static StateTokenMask? Relative(StateTokenMask entry, int offset, int states) =>
        entry.UncertainParentStates.All(p => p is -1 || p >= offset && p < offset + states) ? Shifted(entry, -offset) : null;

    /// <summary>A shared entry placed at <paramref name="offset"/>.</summary>
    public static StateTokenMask Placed(StateTokenMask relative, int offset) => Shifted(relative, offset);

    // The entry with its known parent states (>= 0) moved by `delta`; unknown ones (-1) stay.
    private static StateTokenMask Shifted(StateTokenMask entry, int delta) =>
        delta == 0 || entry.UncertainParentStates.Length == 0 ? entry
            : entry with { UncertainParentStates = Array.ConvertAll(entry.UncertainParentStates, p => p >= 0 ? p + delta : p) };

    /// <summary>
    /// What a rule's entries depend on: per state its finality and frame flags, its calls (all into the rule itself),
    /// and its targets over the 256 bytes (as runs of bytes with one target), states counted from the rule's first;
    /// plus the mask size and stack bound the entries were computed under. Compared in full, not by hash alone.
    /// </summary>
    internal sealed class RuleShape : IEquatable<RuleShape>
    {
        private readonly int[] _values;
        private readonly int _hash;

        private RuleShape(int[] values, int states)
        {
            _values = values;
            States = states;
            _hash = IntArrayComparer.Instance.GetHashCode(values);
        }

        /// <summary>Number of states of the rule.</summary>
        public int States { get; }

        /// <summary>The shape of a rule that calls itself and nothing else and has no counted, text-limited or
        /// distinct-items states; null for any other rule.</summary>
        public static RuleShape? Of(PushdownAutomaton a, int rule, int maskWords, int maxStacks)
        {
            int first = a.RuleStart[rule], states = (rule + 1 < a.RuleStart.Length ? a.RuleStart[rule + 1] : a.StateCount) - first;
            if (states > MaxStates || a.CountedRule[rule] || a.TailRule[rule] || a.CallStart[first] == a.CallStart[first + states]) return null;
            // Checked before the shape is built: most rules call others, or nothing.
            for (int s = first; s < first + states; s++)
            {
                if (a.CountLimit[s] != 0 || a.TextLimit[s] != 0 || a.InDistinctItems(s)) return null;
                for (int c = a.CallStart[s]; c < a.CallStart[s + 1]; c++)
                    if (a.CallRule[c] != rule || a.CallTarget[c] < first || a.CallTarget[c] >= first + states) return null;
            }
            // Bytes in runs of one class: a state's targets are read per run, not per byte.
            var classRuns = new List<(int Last, int Class)>();
            for (int b = 0; b < 256; b++)
                if (b == 255 || a.ClassOf[b + 1] != a.ClassOf[b]) classRuns.Add((b, a.ClassOf[b]));
            var values = new List<int>(3 + states * 8) { maskWords, maxStacks, states };
            for (int s = first; s < first + states; s++)
            {
                values.Add((a.Final[s] ? 1 : 0) | (a.Completes[s] ? 2 : 0) | (a.OnlyReturns[s] ? 4 : 0));
                values.Add(a.CallStart[s + 1] - a.CallStart[s]);
                for (int c = a.CallStart[s]; c < a.CallStart[s + 1]; c++) values.Add(a.CallTarget[c] - first);
                // The targets over the 256 bytes as maximal runs (last byte, target): one form for each function of bytes.
                int row = s * a.ClassCount, runTarget = int.MinValue;
                foreach (var (last, byteClass) in classRuns)
                {
                    int t = a.Next[row + byteClass];
                    if (t >= 0 && (t < first || t >= first + states)) return null;
                    t = t < 0 ? -1 : t - first;
                    if (t == runTarget) values[^2] = last;
                    else
                    {
                        values.Add(last);
                        values.Add(t);
                        runTarget = t;
                    }
                }
            }
            return new RuleShape(values.ToArray(), states);
        }

        public bool Equals(RuleShape? other) => other is not null && _hash == other._hash && _values.AsSpan().SequenceEqual(other._values);

        public override bool Equals(object? obj) => Equals(obj as RuleShape);

        public override int GetHashCode() => _hash;
    }
}
