using System.Text;

namespace LlmLang.Grammar.Benchmark;

/// <summary>
/// A vocabulary in the XGrammar peer's dump format: <c>NAME.b64</c> (one base64 token per line, line number = id)
/// and <c>NAME.b64.special</c> (<c>id TAB text</c>). Only what the benchmark needs: the token bytes, the EOS id, and
/// the longest token that starts a byte string (the protocol's greedy choice).
/// </summary>
public sealed class PeerVocabulary
{
    private readonly Dictionary<string, int> _idByBytes;

    private PeerVocabulary(string name, int size, int eos, Dictionary<string, int> idByBytes, int maxLength)
    {
        Name = name;
        Size = size;
        EosId = eos;
        _idByBytes = idByBytes;
        MaxTokenLength = maxLength;
    }

    /// <summary>Vocabulary name (file name without .b64).</summary>
    public string Name { get; }

    /// <summary>Ids 0..Size-1 (largest special id + 1, as the peer counts).</summary>
    public int Size { get; }

    /// <summary>The id of <c>&lt;|endoftext|&gt;</c>.</summary>
    public int EosId { get; }

    /// <summary>Longest token in bytes.</summary>
    public int MaxTokenLength { get; }

    /// <summary>Loads <paramref name="b64Path"/> and its <c>.special</c> companion.</summary>
    /// <exception cref="InvalidDataException">Bad base64, a missing or malformed special file, or no EOS (names the file and line).</exception>
    public static PeerVocabulary Load(string b64Path)
    {
        string specialPath = b64Path + ".special";
        if (!File.Exists(b64Path)) throw new FileNotFoundException("vocabulary not found", b64Path);
        if (!File.Exists(specialPath)) throw new InvalidDataException($"{specialPath}: missing (needed for the special and EOS ids)");
        var idByBytes = new Dictionary<string, int>(StringComparer.Ordinal);
        int maxLength = 0, lineNumber = 0, tokens = 0;
        foreach (string line in File.ReadLines(b64Path))
        {
            int id = lineNumber++;
            if (line.Length == 0) continue;
            byte[] bytes;
            try { bytes = Convert.FromBase64String(line); }
            catch (FormatException) { throw new InvalidDataException($"{b64Path}:{lineNumber}: not base64"); }
            idByBytes.TryAdd(Latin1(bytes), id);
            maxLength = Math.Max(maxLength, bytes.Length);
            tokens = id + 1;
        }
        int eos = -1, maxSpecial = tokens - 1;
        foreach (string line in File.ReadLines(specialPath).Where(l => l.Length > 0))
        {
            string[] parts = line.Split('\t');
            if (parts.Length != 2 || !int.TryParse(parts[0], out int id))
                throw new InvalidDataException($"{specialPath}: expected 'id<TAB>text', got '{line}'");
            maxSpecial = Math.Max(maxSpecial, id);
            if (parts[1] == "<|endoftext|>") eos = id;
        }
        if (eos < 0) throw new InvalidDataException($"{specialPath}: no <|endoftext|> token");
        return new PeerVocabulary(Path.GetFileNameWithoutExtension(b64Path), maxSpecial + 1, eos, idByBytes, maxLength);
    }

    /// <summary>Greedy longest-match token count of <paramref name="bytes"/> (the protocol's steps when nothing is masked).</summary>
    public int CountTokens(ReadOnlySpan<byte> bytes)
    {
        int count = 0;
        for (int at = 0; at < bytes.Length; count++)
        {
            int length = Math.Min(MaxTokenLength, bytes.Length - at);
            while (length > 1 && !_idByBytes.ContainsKey(Latin1(bytes.Slice(at, length)))) length--;
            at += length;
        }
        return count;
    }

    private static string Latin1(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);
}
