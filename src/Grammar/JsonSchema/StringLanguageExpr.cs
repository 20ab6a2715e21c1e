using LlmLang.Grammar.Compilation;
using LlmLang.Grammar.Ir;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>
/// Turns a byte DFA of UTF-8 text back into one IR expression by state elimination over its character boundaries:
/// edges carry expressions (first character classes), and removing a state joins each incoming edge to each outgoing
/// one through the state's loop. States are removed cheapest first (fewest copies of edge expressions). No rules are introduced: a right-linear rule per state would be a call per
/// character at run time. The expression's inlined size is bounded by <see cref="MaxSize"/>.
/// </summary>
internal static class StringLanguageExpr
{
    /// <summary>Largest expression (in the lowering's NFA-size units) the conversion may produce.</summary>
    public const long MaxSize = 200_000;

    private readonly record struct Label(GrammarExpr Value, long Size)
    {
        public static Label Or(Label? a, Label b) => a is { } x ? new(Expr.Or(x.Value, b.Value), x.Size + b.Size + 2) : b;
    }

    /// <summary>The expression for the DFA rows <paramref name="next"/> (256 per state, start 0) over its live states.</summary>
    public static GrammarExpr From(int[] next, bool[] final, bool[] live)
    {
        int n = final.Length, source = n, sink = n + 1;
        var outgoing = new Dictionary<int, Label>[n + 2];
        var incoming = new Dictionary<int, Label>[n + 2];
        for (int s = 0; s < n + 2; s++) { outgoing[s] = []; incoming[s] = []; }
        void Add(int from, int to, Label label)
        {
            var merged = Label.Or(outgoing[from].TryGetValue(to, out var old) ? old : null, label);
            if (merged.Size > MaxSize) TooLarge();
            outgoing[from][to] = incoming[to][from] = merged;
        }
        if (!live[0]) return Expr.Nothing;
        Add(source, 0, new Label(Expr.Empty, 1));
        var runs = new Dictionary<(int, int), List<(int Lo, int Hi, int To)>>();
        var boundary = new List<int> { 0 };
        var seen = new HashSet<int> { 0 };
        for (int i = 0; i < boundary.Count; i++)
        {
            int s = boundary[i];
            if (final[s]) Add(s, sink, new Label(Expr.Empty, 1));
            foreach (var (to, ranges) in CharEdges(next, live, s, runs))
            {
                if (seen.Add(to)) boundary.Add(to);
                Add(s, to, new Label(new CharClassExpr(ranges), 4L * ranges.Count + 2));
            }
        }

        var remaining = boundary.ToHashSet();
        while (remaining.Count > 0)
        {
            int q = remaining.MinBy(s => Cost(s, outgoing[s], incoming[s]));
            remaining.Remove(q);
            GrammarExpr loop = Expr.Empty;
            long loopSize = 0;
            if (outgoing[q].Remove(q, out var self))
            {
                incoming[q].Remove(q);
                loop = Expr.Repeat(self.Value, 0, null);
                loopSize = self.Size + 2;
            }
            foreach (var (from, into) in incoming[q])
            {
                outgoing[from].Remove(q);
                foreach (var (to, onward) in outgoing[q])
                    Add(from, to, new Label(Expr.Seq(into.Value, loop, onward.Value), into.Size + loopSize + onward.Size + 1));
            }
            foreach (int to in outgoing[q].Keys) incoming[to].Remove(q);
        }
        return outgoing[source].TryGetValue(sink, out var result) ? result.Value : Expr.Nothing;
    }

    // The expression size a removal adds: each incoming label copied per outgoing edge and vice versa.
    private static long Cost(int q, Dictionary<int, Label> outgoing, Dictionary<int, Label> incoming)
    {
        long loop = outgoing.TryGetValue(q, out var self) ? self.Size : 0;
        int ins = incoming.Count - (loop > 0 ? 1 : 0), outs = outgoing.Count - (loop > 0 ? 1 : 0);
        long inSize = incoming.Where(e => e.Key != q).Sum(e => e.Value.Size);
        long outSize = outgoing.Where(e => e.Key != q).Sum(e => e.Value.Size);
        return inSize * outs + outSize * ins + loop * ins * outs;
    }

    // The characters leaving boundary state s, grouped by the boundary state they reach: each UTF-8 lead byte's
    // continuation states are walked as runs of scalar offsets (memoized), so a class of a million characters costs a
    // few runs, not a million steps.
    private static IEnumerable<(int To, List<CodeRange> Ranges)> CharEdges(int[] next, bool[] live, int s,
        Dictionary<(int, int), List<(int Lo, int Hi, int To)>> runs)
    {
        var byTarget = new Dictionary<int, List<CodeRange>>();
        void AddRange(int lo, int hi, int to)
        {
            if (!byTarget.TryGetValue(to, out var ranges)) byTarget[to] = ranges = [];
            if (ranges.Count > 0 && ranges[^1].Last == lo - 1) ranges[^1] = new CodeRange(ranges[^1].First, hi);
            else ranges.Add(new CodeRange(lo, hi));
        }
        for (int b = 0; b < 0xF8; b++)
        {
            int to = next[s * 256 + b];
            if (!live[to] || b is >= 0x80 and < 0xC0) continue;
            int continuations = b < 0x80 ? 0 : b < 0xE0 ? 1 : b < 0xF0 ? 2 : 3;
            int lead = continuations switch { 0 => b, 1 => b & 0x1F, 2 => b & 0x0F, _ => b & 0x07 };
            int offset = lead << (6 * continuations);
            foreach (var (lo, hi, target) in Runs(next, live, to, continuations, runs)) AddRange(offset + lo, offset + hi, target);
        }
        return byTarget.Select(p => (p.Key, p.Value));
    }

    // From a state inside a character with k continuation bytes to come: runs of the remaining k*6 bits that reach the
    // same boundary state (dead ends left out).
    private static List<(int Lo, int Hi, int To)> Runs(int[] next, bool[] live, int state, int k,
        Dictionary<(int, int), List<(int Lo, int Hi, int To)>> memo)
    {
        if (k == 0) return [(0, 0, state)];
        if (memo.TryGetValue((state, k), out var known)) return known;
        var result = new List<(int Lo, int Hi, int To)>();
        for (int c = 0; c < 64; c++)
        {
            int to = next[state * 256 + 0x80 + c];
            if (!live[to]) continue;
            int offset = c << (6 * (k - 1));
            foreach (var (lo, hi, target) in Runs(next, live, to, k - 1, memo))
                if (result.Count > 0 && result[^1].To == target && result[^1].Hi == offset + lo - 1)
                    result[^1] = (result[^1].Lo, offset + hi, target);
                else result.Add((offset + lo, offset + hi, target));
        }
        return memo[(state, k)] = result;
    }

    private static void TooLarge() =>
        throw new GrammarException($"string language too large: its expression exceeds {MaxSize} nodes (limit StringLanguageExpr.MaxSize)");
}
