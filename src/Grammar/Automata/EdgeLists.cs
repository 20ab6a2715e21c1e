namespace LlmLang.Grammar.Automata;

/// <summary>
/// One kind of edge of every state, as linked lists in flat arrays (in the order added): an NFA has hundreds of
/// thousands of states, and a list object per state and kind kept the garbage collector busier than lowering itself.
/// </summary>
internal sealed class EdgeLists<T>
{
    private T[] _items = new T[64];
    private int[] _next = new int[64];
    private int _count;
    // Per state: its first and last edge, -1 when it has none.
    private int[] _first = new int[64];
    private int[] _last = new int[64];
    private int _states;

    /// <summary>The edges of <paramref name="state"/>, in the order added.</summary>
    public StateEdges this[int state] => new(this, _first[state]);

    /// <summary>Every edge of every state.</summary>
    public ReadOnlySpan<T> All => _items.AsSpan(0, _count);

    /// <summary>Adds an edge to <paramref name="state"/>.</summary>
    public void Add(int state, T item)
    {
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, _count * 2);
            Array.Resize(ref _next, _count * 2);
        }
        _items[_count] = item;
        _next[_count] = -1;
        if (_last[state] < 0) _first[state] = _count;
        else _next[_last[state]] = _count;
        _last[state] = _count++;
    }

    /// <summary>Removes every state and edge, keeping the arrays for the next automaton.</summary>
    public void Clear() => _count = _states = 0;

    /// <summary>Number of edges the arrays hold without growing.</summary>
    public int Capacity => _items.Length;

    /// <summary>Adds a state without edges (the next state number).</summary>
    public void AddState()
    {
        if (_states == _first.Length)
        {
            Array.Resize(ref _first, _states * 2);
            Array.Resize(ref _last, _states * 2);
        }
        _first[_states] = _last[_states] = -1;
        _states++;
    }

    /// <summary>A state's edges.</summary>
    public readonly struct StateEdges(EdgeLists<T> lists, int first)
    {
        /// <summary>Walks the edges.</summary>
        public Enumerator GetEnumerator() => new(lists, first);
    }

    /// <summary>Walks a state's edges.</summary>
    public struct Enumerator(EdgeLists<T> lists, int first)
    {
        private int _at = -2;

        /// <summary>The edge.</summary>
        public readonly T Current => lists._items[_at];

        /// <summary>Moves to the next edge.</summary>
        public bool MoveNext()
        {
            _at = _at == -2 ? first : lists._next[_at];
            return _at >= 0;
        }
    }
}
