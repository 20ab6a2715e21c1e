using System.Text;

namespace LlmLang.Runtime.Tokenization;

/// <summary>
/// What every vocabulary shares: the raw bytes and kind of each token, BOS/EOS, literal matching of added and special
/// tokens, and decoding. Subclasses supply the encoding of plain text between literal tokens.
/// </summary>
internal abstract class VocabularyTokenizer : ITokenizer
{
    private readonly byte[][] _bytes;
    private readonly bool[] _special;
    private readonly LiteralTokens _literals;

    protected VocabularyTokenizer(TokenizerSpec spec)
    {
        Validate(spec);
        Spec = spec;
        _bytes = new byte[spec.Tokens.Count][];
        _special = new bool[spec.Tokens.Count];
        for (int id = 0; id < _bytes.Length; id++)
        {
            TokenType type = spec.Types[id];
            _special[id] = type is TokenType.Control or TokenType.Unknown or TokenType.Unused;
            _bytes[id] = _special[id] ? [] : RawBytes(spec.Tokens[id], type);
        }
        _literals = new LiteralTokens(spec);
    }

    public TokenizerSpec Spec { get; }

    public int VocabSize => _bytes.Length;

    public int? BosId => Spec.BosId;

    public IReadOnlyList<int> EosIds => Spec.EosIds;

    public bool AddBosByDefault => Spec.AddBos;

    /// <summary>The raw bytes of a normal, byte or user-defined token as this kind spells it.</summary>
    protected abstract byte[] RawBytes(string token, TokenType type);

    /// <summary>Encodes one stretch of plain text: all of the text, or a part before, between or after literal tokens.</summary>
    protected abstract void EncodePlain(string text, List<int> output);

    public IReadOnlyList<int> Encode(string text, bool? addBos = null, bool parseSpecial = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>(text.Length / 3 + 2);
        if ((addBos ?? AddBosByDefault) && BosId is int bos) ids.Add(bos);
        foreach (var (start, length, id) in _literals.Split(text, parseSpecial))
        {
            if (id >= 0) ids.Add(id);
            else EncodePlain(text.Substring(start, length), ids);
        }
        return ids;
    }

    public string Decode(IEnumerable<int> ids, bool skipSpecial = true)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var bytes = new List<byte>();
        bool afterBos = false;
        foreach (int id in ids)
        {
            ReadOnlySpan<byte> piece = StreamingDecoder.PieceBytes(this, id, skipSpecial);
            if (afterBos && StreamingDecoder.StripsSpaceAfterBos(Spec) && piece.Length > 0 && piece[0] == (byte)' ') piece = piece[1..];
            bytes.AddRange(piece);
            afterBos = id == BosId;
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    public ReadOnlySpan<byte> TokenBytes(int id) => _bytes[CheckId(id)];

    public bool IsSpecial(int id) => _special[CheckId(id)];

    public string TokenText(int id) => Spec.Tokens[CheckId(id)];

    public StreamingDecoder CreateStreamingDecoder(bool skipSpecial = true) => new(this, skipSpecial);

    private int CheckId(int id) => (uint)id < (uint)_bytes.Length
        ? id
        : throw new ArgumentOutOfRangeException(nameof(id), id, $"token id {id} is outside the vocabulary (size {_bytes.Length})");

    private static void Validate(TokenizerSpec spec)
    {
        int n = spec.Tokens.Count;
        if (n == 0) throw new ArgumentException("the vocabulary has no tokens", nameof(spec));
        if (spec.Types.Count != n) throw new ArgumentException($"the vocabulary has {n} tokens but {spec.Types.Count} token types", nameof(spec));
        if (spec.Scores is { } scores && scores.Count != n) throw new ArgumentException($"the vocabulary has {n} tokens but {scores.Count} scores", nameof(spec));
        foreach (var (name, id) in new[] { ("BOS", spec.BosId), ("unknown", spec.UnknownId), ("padding", spec.PaddingId) }.Concat(spec.EosIds.Select(e => ("EOS", (int?)e))))
        {
            if (id is int value && (uint)value >= (uint)n)
                throw new ArgumentException($"the {name} id {value} is outside the vocabulary (size {n})", nameof(spec));
        }
    }
}
