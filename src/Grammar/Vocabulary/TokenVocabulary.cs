namespace LlmLang.Grammar.Vocabulary;

/// <summary>
/// What the grammar engine needs to know about a tokenizer: the raw bytes of every token id, the ids that are never
/// text (special/control tokens: they are never allowed by a grammar, except EOS when the grammar can end), and the EOS
/// ids. Immutable; built from plain arrays so the engine does not depend on a tokenizer implementation.
/// </summary>
public sealed class TokenVocabulary
{
    private readonly byte[][] _tokens;
    private readonly bool[] _special;

    /// <summary>Creates a vocabulary.</summary>
    /// <param name="tokenBytes">Raw bytes per id; null or empty for ids without text (gaps, special tokens).</param>
    /// <param name="specialIds">Ids that are never text (control tokens); EOS ids are added to them.</param>
    /// <param name="eosIds">End-of-sequence ids: allowed exactly when the grammar can end.</param>
    /// <param name="name">A name for messages and cache keys.</param>
    /// <exception cref="ArgumentException">An id outside 0..tokenBytes.Length-1, or no EOS id.</exception>
    public TokenVocabulary(IReadOnlyList<byte[]?> tokenBytes, IEnumerable<int> specialIds, IEnumerable<int> eosIds, string name = "vocabulary")
    {
        ArgumentNullException.ThrowIfNull(tokenBytes);
        Name = name;
        _tokens = tokenBytes.Select(b => b ?? []).ToArray();
        _special = new bool[_tokens.Length];
        EosIds = eosIds.Distinct().Order().ToArray();
        if (EosIds.Count == 0) throw new ArgumentException($"{name}: at least one EOS id is required", nameof(eosIds));
        foreach (int id in specialIds.Concat(EosIds))
        {
            if ((uint)id >= (uint)_tokens.Length)
                throw new ArgumentException($"{name}: special/EOS id {id} is outside 0..{_tokens.Length - 1}", nameof(specialIds));
            _special[id] = true;
        }
        Fingerprint = ComputeFingerprint();
    }

    /// <summary>A name for messages and cache keys.</summary>
    public string Name { get; }

    /// <summary>Number of ids (mask width in bits).</summary>
    public int Count => _tokens.Length;

    /// <summary>End-of-sequence ids, ascending.</summary>
    public IReadOnlyList<int> EosIds { get; }

    /// <summary>A hash of every token's bytes and the special/EOS ids: equal vocabularies share compiled grammars.</summary>
    public long Fingerprint { get; }

    /// <summary>Number of <c>uint</c> words of a token bitmask row for this vocabulary.</summary>
    public int MaskWords => (Count + 31) / 32;

    /// <summary>The raw bytes of <paramref name="id"/> (empty for ids without text).</summary>
    public ReadOnlySpan<byte> GetBytes(int id) => _tokens[id];

    /// <summary>True when <paramref name="id"/> is a special/control token (never text).</summary>
    public bool IsSpecial(int id) => _special[id];

    /// <summary>True when the id is text: not special and has at least one byte.</summary>
    public bool IsText(int id) => !_special[id] && _tokens[id].Length > 0;

    /// <summary>
    /// Loads a vocabulary dump: <paramref name="path"/> holds one token per line as base64 of its raw bytes (line
    /// number = id, an empty line = an id without text); an optional <c>PATH.special</c> holds <c>id TAB text</c> lines
    /// for special tokens (ids may lie beyond the last line). EOS ids are the specials named <paramref name="eosNames"/>
    /// (default: the usual end-of-text names).
    /// </summary>
    /// <exception cref="InvalidDataException">Bad base64, a malformed special line or no EOS token (names the file and line).</exception>
    public static TokenVocabulary LoadBase64Lines(string path, IEnumerable<string>? eosNames = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"vocabulary not found: {path}", path);
        var tokens = new List<byte[]?>();
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Length == 0) { tokens.Add(null); continue; }
            try { tokens.Add(Convert.FromBase64String(line)); }
            catch (FormatException) { throw new InvalidDataException($"{path}:{lineNumber}: not base64"); }
        }
        var eosSet = new HashSet<string>(eosNames ?? ["<|endoftext|>", "<|end_of_text|>", "<|eot_id|>", "</s>", "<|im_end|>", "<eos>"]);
        var special = new List<int>();
        var eos = new List<int>();
        string specialPath = path + ".special";
        if (File.Exists(specialPath))
        {
            lineNumber = 0;
            foreach (string line in File.ReadLines(specialPath))
            {
                lineNumber++;
                if (line.Length == 0) continue;
                int tab = line.IndexOf('\t');
                if (tab <= 0 || !int.TryParse(line.AsSpan(0, tab), out int id) || id < 0)
                    throw new InvalidDataException($"{specialPath}:{lineNumber}: expected 'id<TAB>text', got '{line}'");
                while (tokens.Count <= id) tokens.Add(null);
                tokens[id] = null;
                special.Add(id);
                if (eosSet.Contains(line[(tab + 1)..])) eos.Add(id);
            }
        }
        if (eos.Count == 0)
            throw new InvalidDataException($"{path}: no EOS token (looked in {specialPath} for {string.Join(", ", eosSet)})");
        return new TokenVocabulary(tokens, special, eos, Path.GetFileNameWithoutExtension(path));
    }

    private long ComputeFingerprint()
    {
        ulong h = 14695981039346656037UL;
        for (int id = 0; id < _tokens.Length; id++)
        {
            foreach (byte b in _tokens[id]) h = (h ^ b) * 1099511628211UL;
            h = (h ^ (_special[id] ? 0x1FFUL : 0x100UL)) * 1099511628211UL;
        }
        foreach (int id in EosIds) h = (h ^ (ulong)id) * 1099511628211UL;
        return (long)h;
    }
}
