using System.Text;
using LlmLang.Grammar.Vocabulary;

namespace LlmLang.Grammar.Benchmark;

/// <summary>
/// A vocabulary for the grammar benchmark: the engine's <see cref="TokenVocabulary"/> plus the lookup the protocol's
/// greedy step needs (the token id of a byte string). Loaded from the XGrammar peer's dumps (<c>NAME.b64</c>, one
/// base64 token per line, line number = id, and <c>NAME.b64.special</c>, <c>id TAB text</c>) or built from any
/// <see cref="TokenVocabulary"/> (e.g. a tokenizer's).
/// </summary>
public sealed class BenchmarkVocabulary
{
    // Token ids by their bytes as Latin-1 text, looked up by span: the greedy step tries every length at every step,
    // and a string per try was most of the benchmark's garbage (its collections then landed in the compiles it times).
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _idByText;

    private BenchmarkVocabulary(string name, int eos, Dictionary<string, int> idByBytes, int maxLength, TokenVocabulary tokens)
    {
        Name = name;
        EosId = eos;
        _idByText = idByBytes.GetAlternateLookup<ReadOnlySpan<char>>();
        MaxTokenLength = maxLength;
        Tokens = tokens;
    }

    /// <summary>Vocabulary name (file name without .b64).</summary>
    public string Name { get; }

    /// <summary>Ids 0..Size-1 (largest special id + 1, as the peer counts).</summary>
    public int Size => Tokens.Count;

    /// <summary>The vocabulary as the grammar engine sees it (special ids never text, EOS allowed at the end).</summary>
    public TokenVocabulary Tokens { get; }

    /// <summary>The id of <c>&lt;|endoftext|&gt;</c>.</summary>
    public int EosId { get; }

    /// <summary>Longest token in bytes.</summary>
    public int MaxTokenLength { get; }

    /// <summary>Wraps <paramref name="tokens"/> (EOS: its first EOS id).</summary>
    public static BenchmarkVocabulary From(TokenVocabulary tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var idByBytes = new Dictionary<string, int>(StringComparer.Ordinal);
        int maxLength = 0;
        for (int id = 0; id < tokens.Count; id++)
        {
            if (!tokens.IsText(id)) continue;
            var bytes = tokens.GetBytes(id);
            idByBytes.TryAdd(Latin1(bytes), id);
            maxLength = Math.Max(maxLength, bytes.Length);
        }
        return new BenchmarkVocabulary(tokens.Name, tokens.EosIds[0], idByBytes, maxLength, tokens);
    }

    /// <summary>Loads the peer's dump <paramref name="b64Path"/> and its <c>.special</c> companion.</summary>
    /// <exception cref="InvalidDataException">Bad base64, a missing or malformed special file, or no EOS (names the file and line).</exception>
    public static BenchmarkVocabulary Load(string b64Path)
    {
        string specialPath = b64Path + ".special";
        if (!File.Exists(b64Path)) throw new FileNotFoundException("vocabulary not found", b64Path);
        if (!File.Exists(specialPath)) throw new InvalidDataException($"{specialPath}: missing (needed for the special and EOS ids)");
        var idByBytes = new Dictionary<string, int>(StringComparer.Ordinal);
        var tokenBytes = new List<byte[]?>();
        int maxLength = 0, lineNumber = 0, tokens = 0;
        foreach (string line in File.ReadLines(b64Path))
        {
            int id = lineNumber++;
            tokenBytes.Add(null);
            if (line.Length == 0) continue;
            byte[] bytes;
            try { bytes = Convert.FromBase64String(line); }
            catch (FormatException) { throw new InvalidDataException($"{b64Path}:{lineNumber}: not base64"); }
            idByBytes.TryAdd(Latin1(bytes), id);
            tokenBytes[id] = bytes;
            maxLength = Math.Max(maxLength, bytes.Length);
            tokens = id + 1;
        }
        int eos = -1, maxSpecial = tokens - 1;
        var specialIds = new List<int>();
        foreach (string line in File.ReadLines(specialPath).Where(l => l.Length > 0))
        {
            string[] parts = line.Split('\t');
            if (parts.Length != 2 || !int.TryParse(parts[0], out int id))
                throw new InvalidDataException($"{specialPath}: expected 'id<TAB>text', got '{line}'");
            maxSpecial = Math.Max(maxSpecial, id);
            specialIds.Add(id);
            if (parts[1] == "<|endoftext|>") eos = id;
        }
        if (eos < 0) throw new InvalidDataException($"{specialPath}: no <|endoftext|> token");
        tokenBytes.RemoveRange(tokens, tokenBytes.Count - tokens);
        while (tokenBytes.Count <= maxSpecial) tokenBytes.Add(null);
        foreach (int id in specialIds) tokenBytes[id] = null;
        string name = Path.GetFileNameWithoutExtension(b64Path);
        return new BenchmarkVocabulary(name, eos, idByBytes, maxLength, new TokenVocabulary(tokenBytes, specialIds, [eos], name));
    }

    /// <summary>
    /// The longest token that starts <paramref name="bytes"/> and passes <paramref name="allowed"/> (the protocol's
    /// greedy step), or -1.
    /// </summary>
    public int LongestAllowedPrefix(ReadOnlySpan<byte> bytes, ReadOnlySpan<uint> allowed)
    {
        int longest = Math.Min(MaxTokenLength, bytes.Length);
        Span<char> text = longest <= 512 ? stackalloc char[longest] : new char[longest];
        Encoding.Latin1.GetChars(bytes[..longest], text);
        for (int length = longest; length >= 1; length--)
            if (_idByText.TryGetValue(text[..length], out int id) && (allowed[id >> 5] >> (id & 31) & 1) != 0)
                return id;
        return -1;
    }

    private static string Latin1(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);
}
