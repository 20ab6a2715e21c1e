namespace LlmLang.Runtime.Sampling;

/// <summary>Finds the best few tokens of a large vocabulary without sorting all of it.</summary>
internal static class Candidates
{
    /// <summary>Indices of the <paramref name="k"/> largest finite logits, best first.</summary>
    public static int[] Top(ReadOnlySpan<float> logits, int k)
    {
        // A min-heap of the k best seen so far: O(V log k).
        var heap = new PriorityQueue<int, (float, int)>(k + 1);
        for (int i = 0; i < logits.Length; i++)
        {
            float v = logits[i];
            if (float.IsNegativeInfinity(v)) continue;
            if (heap.Count < k) heap.Enqueue(i, (v, -i));
            else if (heap.TryPeek(out _, out var worst) && (v > worst.Item1 || (v == worst.Item1 && -i > worst.Item2)))
            {
                heap.Dequeue();
                heap.Enqueue(i, (v, -i));
            }
        }
        var result = new int[heap.Count];
        for (int i = result.Length - 1; i >= 0; i--) result[i] = heap.Dequeue();
        return result;
    }

    /// <summary>
    /// The top-<paramref name="limit"/> tokens, best first, cut after the smallest prefix whose probability (at the given
    /// temperature) reaches <paramref name="topP"/>. Widens the search geometrically so a peaked distribution costs O(V).
    /// </summary>
    public static int[] Ranked(ReadOnlySpan<float> logits, int limit, float topP, float max, float invTemperature)
    {
        double total = 0;
        foreach (float v in logits) if (!float.IsNegativeInfinity(v)) total += Math.Exp((v - max) * invTemperature);
        for (int k = Math.Min(limit, 64); ; k = Math.Min(limit, k * 4))
        {
            int[] top = Top(logits, k);
            double cumulative = 0;
            for (int i = 0; i < top.Length; i++)
            {
                cumulative += Math.Exp((logits[top[i]] - max) * invTemperature) / total;
                if (cumulative >= topP) return top[..(i + 1)];
            }
            if (k >= limit || top.Length < k) return top;
        }
    }
}
