namespace LlmLang.Runtime.Tokenization;

/// <summary>GPT-2's reversible map between bytes and printable characters, in which byte-level BPE vocabularies spell tokens.</summary>
public static class ByteUnicodeMap
{
    private static readonly char[] s_byteToChar = BuildByteToChar();
    private static readonly Dictionary<char, byte> s_charToByte = BuildCharToByte();

    /// <summary>The character that spells byte <paramref name="value"/>.</summary>
    public static char ToChar(byte value) => s_byteToChar[value];

    /// <summary>Spells raw bytes as a byte-level token string.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        return string.Create(bytes.Length, bytes.ToArray(), static (chars, source) =>
        {
            for (int i = 0; i < source.Length; i++) chars[i] = s_byteToChar[source[i]];
        });
    }

    /// <summary>The raw bytes of a byte-level token string, or null if a character is outside the map.</summary>
    public static byte[]? TryDecode(string token)
    {
        var bytes = new byte[token.Length];
        for (int i = 0; i < token.Length; i++)
        {
            if (!s_charToByte.TryGetValue(token[i], out bytes[i])) return null;
        }
        return bytes;
    }

    // Printable Latin-1 bytes stand for themselves; the rest are shifted to U+0100 onwards in byte order.
    private static char[] BuildByteToChar()
    {
        var map = new char[256];
        int shifted = 0;
        for (int b = 0; b < 256; b++)
        {
            bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            map[b] = printable ? (char)b : (char)(256 + shifted++);
        }
        return map;
    }

    private static Dictionary<char, byte> BuildCharToByte()
    {
        var map = new Dictionary<char, byte>(256);
        for (int b = 0; b < 256; b++) map[s_byteToChar[b]] = (byte)b;
        return map;
    }
}
