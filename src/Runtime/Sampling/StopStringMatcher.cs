namespace LlmLang.Runtime.Sampling;

/// <summary>
/// Watches generated text for stop strings that may span tokens. Text that could still turn out to be the start of a
/// stop string is held back, so a stream never shows part of a stop string; the final text ends before the first stop.
/// </summary>
public sealed class StopStringMatcher(IReadOnlyList<string> stops)
{
    private readonly System.Text.StringBuilder _text = new();
    private readonly int _longest = stops.Count == 0 ? 0 : stops.Max(s => s.Length);
    private int _emitted;

    /// <summary>True once a stop string has appeared.</summary>
    public bool Stopped { get; private set; }

    /// <summary>The text up to the first stop string (or all text so far).</summary>
    public string Text => _text.ToString();

    /// <summary>Adds decoded text; returns the part that is now safe to show (never text after a stop).</summary>
    public string Append(string delta)
    {
        if (Stopped || delta.Length == 0) return "";
        int searchFrom = Math.Max(0, _text.Length - _longest + 1);
        _text.Append(delta);
        if (stops.Count == 0) return Release(_text.Length);

        string window = _text.ToString(searchFrom, _text.Length - searchFrom);
        int cut = -1;
        foreach (string stop in stops)
        {
            int at = window.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (cut < 0 || searchFrom + at < cut)) cut = searchFrom + at;
        }
        if (cut >= 0)
        {
            Stopped = true;
            _text.Length = cut;
            return Release(cut);
        }
        return Release(_text.Length - HeldBack());
    }

    /// <summary>At the end of generation: everything not yet shown.</summary>
    public string Flush() => Release(_text.Length);

    /// <summary>Length of the longest suffix of the text that is a proper prefix of some stop string.</summary>
    private int HeldBack()
    {
        int best = 0;
        foreach (string stop in stops)
            for (int k = Math.Min(stop.Length - 1, _text.Length); k > best; k--)
                if (EndsWith(stop.AsSpan(0, k))) { best = k; break; }
        return best;
    }

    private bool EndsWith(ReadOnlySpan<char> prefix)
    {
        int offset = _text.Length - prefix.Length;
        for (int i = 0; i < prefix.Length; i++) if (_text[offset + i] != prefix[i]) return false;
        return true;
    }

    private string Release(int upTo)
    {
        if (upTo <= _emitted) return "";
        string delta = _text.ToString(_emitted, upTo - _emitted);
        _emitted = upTo;
        return delta;
    }
}
