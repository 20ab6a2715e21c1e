namespace LlmLang.Grammar.Automata;

/// <summary>
/// A byte-level NFA under construction: states with byte-range edges, epsilon edges, and call edges (enter another
/// rule's automaton, then continue at the target). Rules that are inlined leave no trace here. A counted repetition's
/// loop state carries its count limit and a marker edge (read by no byte) to the rule that finishes the count; a counted
/// automaton's states carry their limit and whether entering them counts; a byte run's loop state is listed.
/// </summary>
internal sealed class Nfa
{
    /// <summary>Byte-range edges per state.</summary>
    public readonly EdgeLists<(byte Lo, byte Hi, int To)> Bytes = new();
    /// <summary>Epsilon edges per state.</summary>
    public readonly EdgeLists<int> Epsilon = new();
    /// <summary>Call edges per state: the rule entered and the state it returns to.</summary>
    public readonly EdgeLists<(int Rule, int To)> Calls = new();
    // Each counted loop state, the state its item ends in (which leads back to it), how many items the loop reads
    // before its frame moves on, and the tail rule its marker edge names; see NfaLowering.BuildCounted.
    public readonly List<(int Loop, int Back, int Limit, int TailRule)> CountedLoops = new();
    // The states of counted automata (CountedAutomatonExpr): their rule's most counts, and whether entering counts one.
    public readonly Dictionary<int, (int Limit, bool Counts)> CountedText = new();
    /// <summary>The loop states of byte runs (<see cref="Ir.ByteRunExpr"/>), each reading the run's bytes back to itself.</summary>
    public readonly List<int> RunLoops = new();
    /// <summary>The bytes and bound every run of the grammar shares (null: no runs).</summary>
    public Ir.ByteRunExpr? Run { get; private set; }
    private int _maxStates;
    // One NFA per thread is kept between compilations once released, so lowering reuses warm arrays instead of
    // growing new ones (most of its allocation); a large one is let go, to bound what a thread keeps.
    [ThreadStatic] private static Nfa? s_released;
    private const int KeptEdgeCapacity = 1 << 14;

    private Nfa(int maxStates) => _maxStates = maxStates;

    /// <summary>An empty NFA: the one this thread released last, if any, or a new one.</summary>
    public static Nfa Rent(int maxStates)
    {
        var nfa = s_released ?? new Nfa(maxStates);
        s_released = null;
        nfa._maxStates = maxStates;
        return nfa;
    }

    /// <summary>Hands the NFA back for this thread's next <see cref="Rent"/>; it must not be used after.</summary>
    public void Release()
    {
        if (Bytes.Capacity > KeptEdgeCapacity || Epsilon.Capacity > KeptEdgeCapacity || Calls.Capacity > KeptEdgeCapacity) return;
        Bytes.Clear();
        Epsilon.Clear();
        Calls.Clear();
        CountedLoops.Clear();
        CountedText.Clear();
        RunLoops.Clear();
        Run = null;
        Count = 0;
        s_released = this;
    }

    public int Count { get; private set; }

    /// <summary>A loop state reading <paramref name="run"/>'s bytes back to itself.</summary>
    public int AddRunLoop(Ir.ByteRunExpr run)
    {
        if (Run is null)
        {
            if (run.Max < 1) throw new Compilation.GrammarException($"a byte run needs a bound of at least 1 (got {run.Max})");
            Run = run;
        }
        else if (!ReferenceEquals(run, Run) && !run.Equals(Run))
            throw new Compilation.GrammarException("the byte runs of one grammar must have the same bytes and bound");
        int loop = AddState();
        foreach (var range in run.Bytes)
        {
            var (lo, hi) = ByteRange(range, "byte run");
            Bytes.Add(loop, (lo, hi, loop));
        }
        RunLoops.Add(loop);
        return loop;
    }

    /// <summary>A range of byte values as an edge's bytes; an error naming <paramref name="node"/> when it is not within
    /// 0..255.</summary>
    public static (byte Lo, byte Hi) ByteRange(Ir.CodeRange range, string node) =>
        range.First < 0 || range.Last > 255 || range.First > range.Last
            ? throw new Compilation.GrammarException($"{node} range {range.First}..{range.Last} is outside 0..255")
            : ((byte)range.First, (byte)range.Last);

    public int AddState()
    {
        if (Count >= _maxStates)
            throw new Compilation.GrammarException($"grammar too large: more than {_maxStates} NFA states (limit MaxNfaStates); simplify repetitions or alternations");
        Bytes.AddState();
        Epsilon.AddState();
        Calls.AddState();
        return Count++;
    }
}
