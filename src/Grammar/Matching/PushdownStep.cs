using LlmLang.Grammar.Automata;

namespace LlmLang.Grammar.Matching;

/// <summary>
/// Moves sets of parser stacks over bytes. A stack's top state may enter a rule (call edges) or, when it ends its
/// rule, return to the frame below; both happen without reading a byte and are explored until a byte is consumed.
/// Reaching <see cref="StackNode.Unknown"/> sets a flag: the outcome then depends on context the caller does not have.
/// </summary>
internal sealed class PushdownStep
{
    private readonly PushdownAutomaton _a;
    private readonly int _maxStacks;
    private readonly HashSet<StackNode> _seen = new();
    private readonly HashSet<StackNode> _output = new();
    // Single-stack steps that needed the general expansion, remembered: a mask's context-dependent tokens re-read the
    // same closing byte from the same stack many times (every token ending a string: `ed"`, `s",` …).
    private readonly Dictionary<(StackNode Stack, int Key), (StackNode[] Next, bool Touched)> _memo = new();
    private const int MemoCapacity = 1024;

    public PushdownStep(PushdownAutomaton automaton, int maxStacks)
    {
        _a = automaton;
        _maxStacks = maxStacks;
    }

    /// <summary>The stacks after reading <paramref name="b"/> (empty: the byte is not allowed).</summary>
    public StackNode[] Advance(StackNode[] stacks, byte b, ref bool touchedUnknown)
    {
        int cls = _a.ClassOf[b];
        if (stacks.Length == 1 && stacks[0].State >= 0 && !_a.Final[stacks[0].State] && !_a.HasCalls(stacks[0].State))
        {
            int next = _a.Next[stacks[0].State * _a.ClassCount + cls];
            return next >= 0 && Stepped(stacks[0], next, b, ref touchedUnknown) is { } stepped ? [stepped] : [];
        }
        if (stacks.Length != 1) return Expanded(stacks, b, ref touchedUnknown);
        // Distinct-items frames record the bytes themselves, not just their class.
        int key = _a.DistinctItems is null ? cls : 256 + b;
        if (_memo.TryGetValue((stacks[0], key), out var known))
        {
            touchedUnknown |= known.Touched;
            return known.Next;
        }
        bool touched = false;
        var result = Expanded(stacks, b, ref touched);
        if (_memo.Count == MemoCapacity) _memo.Clear();
        _memo[(stacks[0], key)] = (result, touched);
        touchedUnknown |= touched;
        return result;
    }

    // Returned arrays may be shared (memoised): callers never write to them.
    private StackNode[] Expanded(StackNode[] stacks, byte b, ref bool touchedUnknown)
    {
        _seen.Clear();
        _output.Clear();
        foreach (var stack in stacks) Expand(stack, b, ref touchedUnknown);
        if (_output.Count > _maxStacks)
            throw new Compilation.GrammarException($"grammar too ambiguous: more than {_maxStacks} parser stacks alive at once (limit MaxLiveStacks)");
        return _output.Count == 0 ? [] : _output.ToArray();
    }

    /// <summary>The stacks after reading all of <paramref name="bytes"/>; empty when some byte is not allowed.</summary>
    public StackNode[] Advance(StackNode[] stacks, ReadOnlySpan<byte> bytes)
    {
        bool touched = false;
        return Advance(stacks, bytes, ref touched);
    }

    /// <summary>The stacks after reading all of <paramref name="bytes"/>; empty when some byte is not allowed.
    /// <paramref name="touchedUnknown"/> is set when a step reached <see cref="StackNode.Unknown"/>.</summary>
    public StackNode[] Advance(StackNode[] stacks, ReadOnlySpan<byte> bytes, ref bool touchedUnknown)
    {
        foreach (byte b in bytes)
        {
            stacks = Advance(stacks, b, ref touchedUnknown);
            if (stacks.Length == 0) break;
        }
        return stacks;
    }

    private void Expand(StackNode node, byte b, ref bool touchedUnknown)
    {
        if (node.State < 0) { touchedUnknown = true; return; }
        if (!_seen.Add(node)) return;
        int q = node.State;
        int next = _a.Next[q * _a.ClassCount + _a.ClassOf[b]];
        if (next >= 0 && Stepped(node, next, b, ref touchedUnknown) is { } stepped) _output.Add(stepped);
        for (int c = _a.CallStart[q]; c < _a.CallStart[q + 1]; c++)
            Expand(Called(c, node.Parent), b, ref touchedUnknown);
        if (_a.Final[q] && node.Parent is not null) Expand(node.Parent, b, ref touchedUnknown);
    }

    // The frames after call edge `c` of a frame over `parent`: the rule's start over the return state (none for a tail
    // call). A distinct-items rule starts with no strings written.
    private StackNode Called(int c, StackNode? parent)
    {
        int start = _a.RuleStart[_a.CallRule[c]], target = _a.CallTarget[c];
        return new StackNode(start, _a.OnlyReturns[target] ? parent : new StackNode(target, parent), Items: _a.InDistinctItems(start) ? DistinctItems.Empty : null);
    }

    // The frame after byte `b` took it to `next` (null: the byte repeats a distinct item), or the frame below when
    // `next` only returns. A return into a counted loop counts, and the last allowed one replaces the frame by one of
    // the loop's tail rule (the marker edge's target), on the same frames below.
    private StackNode? Stepped(StackNode frame, int next, byte b, ref bool touchedUnknown)
    {
        if (_a.DistinctItems is { } layout && layout.Position[frame.State] is var at && at != DistinctItemsLayout.None)
            return SteppedItems(layout, frame, next, b, at, ref touchedUnknown);
        if (_a.TextLimit[next] > 0)
        {
            // A character counts where it ends; one begun (a multi-byte character, an escape) with no count left
            // could never end, so its first byte is refused rather than left as a dead end.
            int counted = frame.Count + (_a.TextCounts[next] ? 1 : 0);
            bool over = _a.TextCounts[next] ? counted > _a.TextLimit[next] : counted >= _a.TextLimit[next];
            return over ? null : new StackNode(next, frame.Parent, counted);
        }
        int limit = _a.CountLimit[next];
        // A frame that can only return is replaced by the frame below: masks then start from a state that reads on.
        if (limit == 0) return _a.OnlyReturns[next] && frame.Parent is { State: >= 0 } below ? below : new StackNode(next, frame.Parent, frame.Count);
        int count = frame.Count + 1;
        return count < limit ? new StackNode(next, frame.Parent, count) : new StackNode(_a.Next[next * _a.ClassCount + _a.MarkerClass], frame.Parent);
    }

    // A distinct-items frame records its strings and ends where its array could no longer be finished with distinct
    // strings (a closing quote that repeats one, say). Where the strings are unknown (a frame built from a state alone)
    // a step that depends on them cannot be decided: it touches unknown context.
    private static StackNode? SteppedItems(DistinctItemsLayout layout, StackNode frame, int next, byte b, sbyte at, ref bool touchedUnknown)
    {
        bool closes = at == DistinctItemsLayout.Inside && b == '"';
        if (frame.Items is not { } items)
        {
            if (!closes && !layout.DependsOnItems[next]) return new StackNode(next, frame.Parent);
            touchedUnknown = true;
            return null;
        }
        var after = at switch
        {
            DistinctItemsLayout.Between => b == '"' ? items.Open() : items,
            _ when closes => items.Close(),
            _ => items.Append(b),
        };
        return after is not null && layout.Alive(next, after) ? new StackNode(next, frame.Parent, Items: after) : null;
    }

    /// <summary>True when some stack can end the whole grammar without reading more.</summary>
    public bool CanEnd(StackNode[] stacks)
    {
        foreach (var stack in stacks)
        {
            var node = stack;
            while (node is not null && node.State >= 0 && _a.Completes[node.State]) node = node.Parent;
            if (node is null) return true;
        }
        return false;
    }

    /// <summary>Marks in <paramref name="allowed"/> (one flag per byte value) every byte some stack can read next.</summary>
    public void NextBytes(StackNode[] stacks, Span<bool> allowed)
    {
        var classes = new bool[_a.ClassCount];
        _seen.Clear();
        foreach (var stack in stacks) MarkClasses(stack, classes);
        for (int b = 0; b < 256; b++) allowed[b] = classes[_a.ClassOf[b]];
    }

    /// <summary>
    /// Marks in <paramref name="classes"/> (one flag per byte class) every class <paramref name="stack"/> can read
    /// next; true when it may also return into <see cref="StackNode.Unknown"/> context, which could read any.
    /// </summary>
    public bool ReadableClasses(StackNode stack, bool[] classes)
    {
        _seen.Clear();
        return MarkClasses(stack, classes);
    }

    private bool MarkClasses(StackNode node, bool[] classes)
    {
        if (node.State < 0) return true;
        if (!_seen.Add(node)) return false;
        int q = node.State;
        bool unknown = false;
        for (int c = 0; c < _a.ClassCount; c++) classes[c] |= _a.Next[q * _a.ClassCount + c] >= 0;
        for (int c = _a.CallStart[q]; c < _a.CallStart[q + 1]; c++)
            unknown |= MarkClasses(Called(c, node.Parent), classes);
        if (_a.Final[q] && node.Parent is not null) unknown |= MarkClasses(node.Parent, classes);
        return unknown;
    }
}
