namespace LlmLang.Grammar.Automata;

/// <summary>
/// The compiled automaton: one DFA per called rule, all states numbered together, over byte equivalence classes, with
/// call edges into other rules. Every state can still reach an end of its rule (dead states are trimmed), so a parser
/// stack that is alive can always be completed. Immutable.
/// </summary>
internal sealed class PushdownAutomaton
{
    public PushdownAutomaton(byte[] classOf, int classCount, int[] next, int[] callStart, int[] callRule, int[] callTarget,
        bool[] final, int[] ruleStart, string[] ruleNames, int[] countLimit, int markerClass,
        int[] textLimit, bool[] textCounts, bool[] distinctItemRule)
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
        CountLimit = countLimit;
        MarkerClass = markerClass;
        TextLimit = textLimit;
        TextCounts = textCounts;
        Completes = ComputeCompletes();
        (CountedRule, TailRule) = ComputeCountedRules();
        DistinctItems = DistinctItemsLayout.Of(this, distinctItemRule);
        OnlyReturns = ComputeOnlyReturns();
        ReturnTarget = ComputeReturnTargets();
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

    /// <summary>
    /// Per state: on a counted loop state, how many returns into the loop its frame counts before it is replaced by a
    /// frame of the tail rule that its marker edge leads to (see <see cref="MarkerClass"/>); 0 elsewhere. The count
    /// lives in the parser frame, not the state.
    /// </summary>
    public int[] CountLimit { get; }

    /// <summary>The class of counted loops' marker edges, which no byte maps to (-1: the automaton has none); a marker
    /// edge leads to the start of another rule, the loop's tail.</summary>
    public int MarkerClass { get; }

    /// <summary>Per rule: the state every frame of it sits on, when there is one: the return state of its calls, or for
    /// a tail call (see <see cref="OnlyReturns"/>) the state the caller's frames sit on. -1 when frames of it may sit
    /// on different states, or for the start rule, whose frame may be the bottom.</summary>
    public int[] ReturnTarget { get; }

    /// <summary>Per state of a counted automaton's rule (<see cref="Ir.CountedAutomatonExpr"/>): the most counts its
    /// frame may take (the count lives in the frame, as for counted loops); 0 elsewhere.</summary>
    public int[] TextLimit { get; }

    /// <summary>Per state: entering it counts one in a counted automaton's frame.</summary>
    public bool[] TextCounts { get; }

    /// <summary>Where the states of distinct-items rules stand in their arrays; null when the grammar has no such rule.</summary>
    public DistinctItemsLayout? DistinctItems { get; }

    /// <summary>Per state: it ends its rule and does nothing else (no byte, no call, nothing counted in its frame). A
    /// call that returns to it is a tail call: the callee's frame sits directly on the frames below, so a chain of
    /// rules each ending in a call to the next (objects in schema order) keeps the stack flat.</summary>
    public bool[] OnlyReturns { get; }

    /// <summary>The state is in a distinct-items rule.</summary>
    public bool InDistinctItems(int state) => DistinctItems is { } d && d.Position[state] != DistinctItemsLayout.None;

    /// <summary>Per rule: it holds a counted loop.</summary>
    public bool[] CountedRule { get; }

    /// <summary>Per rule: it is a counted loop's tail (a marker edge leads to its start).</summary>
    public bool[] TailRule { get; }

    public int StateCount => Final.Length;

    /// <summary>The rule whose automaton holds <paramref name="state"/> (each rule's states are numbered together,
    /// from its start).</summary>
    public int RuleOf(int state)
    {
        int i = Array.BinarySearch(RuleStart, state);
        return i >= 0 ? i : ~i - 1;
    }

    public long MemoryBytes => 256 + 4L * Next.Length + 4L * (CallStart.Length + CallRule.Length + CallTarget.Length)
        + 3L * Final.Length + 4L * (RuleStart.Length + ReturnTarget.Length + CountLimit.Length) + 5L * TextLimit.Length + (DistinctItems?.MemoryBytes ?? 0);

    public bool HasCalls(int state) => CallStart[state] != CallStart[state + 1];

    /// <summary>A frame in the state carries nothing but the state (no count, no distinct items), so one rebuilt from
    /// the state alone is the real one.</summary>
    public bool HasPlainFrame(int state) => CountLimit[state] == 0 && TextLimit[state] == 0 && !InDistinctItems(state);

    private bool[] ComputeOnlyReturns()
    {
        var only = new bool[Final.Length];
        for (int s = 0; s < only.Length; s++)
        {
            if (!Final[s] || HasCalls(s) || !HasPlainFrame(s)) continue;
            only[s] = !Next.AsSpan(s * ClassCount, ClassCount).ContainsAnyInRange(0, int.MaxValue);
        }
        return only;
    }

    // A fixpoint: each rule's value only moves from unseen to one state to mixed (-1).
    private int[] ComputeReturnTargets()
    {
        const int Unseen = -2, Mixed = -1;
        var target = new int[RuleStart.Length];
        Array.Fill(target, Unseen);
        target[0] = Mixed;
        for (bool changed = true; changed;)
        {
            changed = false;
            for (int c = 0; c < CallRule.Length; c++)
            {
                int rule = CallRule[c], below = OnlyReturns[CallTarget[c]] ? target[RuleOf(CallTarget[c])] : CallTarget[c];
                if (target[rule] == Mixed || below == Unseen || below == target[rule]) continue;
                target[rule] = target[rule] == Unseen ? below : Mixed;
                changed = true;
            }
        }
        for (int r = 0; r < target.Length; r++)
            if (target[r] == Unseen) target[r] = Mixed;
        return target;
    }

    private (bool[] Counted, bool[] Tail) ComputeCountedRules()
    {
        var counted = new bool[RuleStart.Length];
        var tail = new bool[RuleStart.Length];
        for (int s = 0; s < StateCount; s++)
            if (CountLimit[s] > 0)
            {
                counted[RuleOf(s)] = true;
                tail[RuleOf(Next[s * ClassCount + MarkerClass])] = true;
            }
        return (counted, tail);
    }

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
