namespace LlmLang.Grammar.Matching;

/// <summary>A set of byte values as four 64-bit words.</summary>
internal readonly record struct ByteSet(ulong W0, ulong W1, ulong W2, ulong W3)
{
    public static ByteSet Of(ulong[]? words) => words is null ? default : new(words[0], words[1], words[2], words[3]);

    public bool Contains(byte b) => (b >> 6) switch
    {
        0 => (W0 >> b & 1) != 0,
        1 => (W1 >> (b - 64) & 1) != 0,
        2 => (W2 >> (b - 128) & 1) != 0,
        _ => (W3 >> (b - 192) & 1) != 0,
    };

    /// <summary>The set without <paramref name="b"/>.</summary>
    public ByteSet Without(byte b) => (b >> 6) switch
    {
        0 => this with { W0 = W0 & ~(1UL << b) },
        1 => this with { W1 = W1 & ~(1UL << (b - 64)) },
        2 => this with { W2 = W2 & ~(1UL << (b - 128)) },
        _ => this with { W3 = W3 & ~(1UL << (b - 192)) },
    };

    /// <summary>How many ASCII bytes are in the set.</summary>
    public int AsciiCount => System.Numerics.BitOperations.PopCount(W0) + System.Numerics.BitOperations.PopCount(W1);

    public ulong[] ToArray() => [W0, W1, W2, W3];
}
