namespace LlmLang.Grammar.Automata;

/// <summary>
/// The compiled automaton: one DFA per called rule, all states numbered together, over byte equivalence classes, with
/// call edges into other rules. Every state can still reach an end of its rule (dead states are trimmed), so a parser
/// stack that is alive can always be completed. Immutable.
/// </summary>
internal sealed class PushdownAutomaton
{
    public PushdownAutomaton(byte[] classOf, int classCount, int[] next, int[] callStart, int[] callRule, int[] callTarget,
        bool[] final, int[] ruleStart, string[] ruleNames)
    {
        ClassOf = classOf;
        ClassCount = classCount;
        Next = next;
        CallStart = callStart;
        CallRule = callRule;
        CallTarget = callTarget;
        Final = final;
        RuleStart = ruleStart;
        RuleNames = ruleNames;
        Completes = ComputeCompletes();
    }

    /// <summary>Byte → equivalence class.</summary>
    public byte[] ClassOf { get; }

    public int ClassCount { get; }

    /// <summary>[state * ClassCount + class] → next state, or -1.</summary>
    public int[] Next { get; }

    /// <summary>Calls of state s are CallRule/CallTarget[CallStart[s] .. CallStart[s+1]).</summary>
    public int[] CallStart { get; }

    public int[] CallRule { get; }

    public int[] CallTarget { get; }

    /// <summary>The state ends its rule.</summary>
    public bool[] Final { get; }

    /// <summary>Start state of each called rule; rule 0 is the grammar's start rule.</summary>
    public int[] RuleStart { get; }

    public string[] RuleNames { get; }

    /// <summary>The state can end its rule without reading a byte (directly or through nullable calls).</summary>
    public bool[] Completes { get; }

    public int StateCount => Final.Length;

    public long MemoryBytes => 256 + 4L * Next.Length + 4L * (CallStart.Length + CallRule.Length + CallTarget.Length)
        + 2L * Final.Length + 4L * RuleStart.Length;

    public bool HasCalls(int state) => CallStart[state] != CallStart[state + 1];

    private bool[] ComputeCompletes()
    {
        var completes = (bool[])Final.Clone();
        for (bool changed = true; changed;)
        {
            changed = false;
            for (int s = 0; s < completes.Length; s++)
            {
                if (completes[s]) continue;
                for (int c = CallStart[s]; c < CallStart[s + 1]; c++)
                    if (completes[RuleStart[CallRule[c]]] && completes[CallTarget[c]]) { completes[s] = changed = true; break; }
            }
        }
        return completes;
    }
}
