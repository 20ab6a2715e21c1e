using System.Collections.Immutable;

namespace LlmLang.Grammar.Matching;

/// <summary>
/// The strings of a distinct-items array (JSON Schema <c>uniqueItems</c>) written so far, and the one being written,
/// as their bytes between the quotes. Held by the array's parser frame; immutable, compared by value. The grammar
/// spells each string one way only (<c>JsonStringGrammar</c>), so equal bytes are exactly equal strings.
/// </summary>
internal sealed class DistinctItems : IEquatable<DistinctItems>
{
    // Bytes as Latin-1 strings: one char per byte, ordinal equality.
    private readonly ImmutableHashSet<string> _written;
    private readonly string? _current;
    private readonly int _writtenHash;

    private DistinctItems(ImmutableHashSet<string> written, int writtenHash, string? current)
    {
        _written = written;
        _writtenHash = writtenHash;
        _current = current;
    }

    /// <summary>Number of strings written.</summary>
    public int Count => _written.Count;

    /// <summary>The strings written (bytes as Latin-1 characters).</summary>
    public IEnumerable<string> Written => _written;

    /// <summary>The string being written (bytes as Latin-1 characters); null between strings.</summary>
    public string? Current => _current;

    /// <summary>An array with nothing written yet.</summary>
    public static DistinctItems Empty { get; } = new(ImmutableHashSet.Create<string>(StringComparer.Ordinal), 0, null);

    /// <summary>After an opening quote.</summary>
    public DistinctItems Open() => new(_written, _writtenHash, "");

    /// <summary>After a byte inside the string.</summary>
    public DistinctItems Append(byte b) => new(_written, _writtenHash, _current + (char)b);

    /// <summary>After the closing quote; null when the string repeats an earlier one.</summary>
    public DistinctItems? Close()
    {
        string item = _current ?? "";
        // Order-independent hash: equal sets reached in different orders are one parser state.
        return _written.Contains(item) ? null : new(_written.Add(item), _writtenHash + StringComparer.Ordinal.GetHashCode(item), null);
    }

    /// <inheritdoc />
    public bool Equals(DistinctItems? other) =>
        ReferenceEquals(this, other) || other is not null && _writtenHash == other._writtenHash && _current == other._current
        && _written.Count == other._written.Count && _written.SetEquals(other._written);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as DistinctItems);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_writtenHash, _current);
}
