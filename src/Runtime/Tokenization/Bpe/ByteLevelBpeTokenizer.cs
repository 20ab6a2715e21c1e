using System.Text;

namespace LlmLang.Runtime.Tokenization;

/// <summary>
/// GPT-2 style byte-level BPE (Llama 3, Qwen2/3, tiktoken, GGUF <c>gpt2</c>): the text is split into words by the
/// pre-tokenizer regex, each word's UTF-8 bytes start as byte tokens, and the pair with the best merge rank merges,
/// leftmost first. Without a merge list (tiktoken) any pair whose concatenation is a token merges, ranked by that token's id.
/// </summary>
internal sealed class ByteLevelBpeTokenizer : VocabularyTokenizer
{
    private readonly Dictionary<string, int> _vocab = new(StringComparer.Ordinal);
    private readonly int[] _byteIds = new int[256];
    private readonly PairMerges _merges = new();
    private readonly PreTokenizer _preTokenizer;
    private readonly WordCache _wordCache = new();

    public ByteLevelBpeTokenizer(TokenizerSpec spec) : base(spec)
    {
        if (spec.Normalization is not (null or "NFC"))
            throw new ArgumentException($"normalization \"{spec.Normalization}\" is not supported (supported: NFC)", nameof(spec));
        _preTokenizer = new PreTokenizer(spec.PreTokenizer ?? "gpt2");
        for (int id = 0; id < spec.Tokens.Count; id++)
        {
            if (spec.Types[id] == TokenType.Normal) _vocab.TryAdd(spec.Tokens[id], id);
        }
        for (int b = 0; b < 256; b++)
            _byteIds[b] = _vocab.TryGetValue(ByteUnicodeMap.ToChar((byte)b).ToString(), out int id) ? id : -1;
        if (spec.Merges is { } merges) _merges.AddRules(merges, _vocab);
        else AddMergesByTokenRank();
    }

    protected override byte[] RawBytes(string token, TokenType type) =>
        type == TokenType.Normal && ByteUnicodeMap.TryDecode(token) is { } bytes ? bytes : Encoding.UTF8.GetBytes(token);

    protected override void EncodePlain(string text, List<int> output)
    {
        if (Spec.Normalization == "NFC") text = UnicodeNfc.Normalize(text);
        foreach (var (start, length) in _preTokenizer.Split(text))
        {
            string word = text.Substring(start, length);
            if (_wordCache.TryGet(word, out int[]? cached))
            {
                output.AddRange(cached);
                continue;
            }
            int[] ids = EncodeWord(word);
            _wordCache.Add(word, ids);
            output.AddRange(ids);
        }
    }

    private int[] EncodeWord(string word)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(word);
        if (Spec.IgnoreMerges && _vocab.TryGetValue(ByteUnicodeMap.Encode(bytes), out int whole)) return [whole];
        var symbols = new List<int>(bytes.Length);
        foreach (byte b in bytes)
        {
            int id = _byteIds[b];
            if (id >= 0) symbols.Add(id);
            else if (Spec.UnknownId is int unknown) symbols.Add(unknown);
            else throw new ArgumentException($"byte 0x{b:X2} has no token and the vocabulary has no unknown token");
        }
        var ids = new List<int>(symbols.Count);
        _merges.Apply(symbols, ids);
        return ids.ToArray();
    }

    // tiktoken: any pair whose concatenation is a token merges into it, ranked by its id.
    private void AddMergesByTokenRank()
    {
        var lookup = _vocab.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var (token, id) in _vocab)
        {
            foreach (var (left, right, _) in PairMerges.Splits(token, lookup)) _merges.Add(left, right, id, -id);
        }
    }
}
