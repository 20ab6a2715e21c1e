using System.Buffers.Binary;
using System.Text;

namespace LlmLang.Runtime.Tests.Formats;

/// <summary>Edits model files byte-wise to build broken or foreign variants of good ones.</summary>
internal static class BytePatch
{
    /// <summary>A GGUF string: uint64 length, then UTF-8.</summary>
    public static byte[] LengthPrefixed(string s)
    {
        var text = Encoding.UTF8.GetBytes(s);
        var bytes = new byte[8 + text.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)text.Length);
        text.CopyTo(bytes, 8);
        return bytes;
    }

    /// <summary>Where <paramref name="needle"/> first occurs; fails the test when absent.</summary>
    public static int IndexOf(byte[] haystack, byte[] needle)
    {
        int at = haystack.AsSpan().IndexOf(needle);
        Assert.True(at >= 0, "pattern not found in file");
        return at;
    }

    /// <summary>A copy with the first <paramref name="from"/> replaced by <paramref name="to"/>.</summary>
    public static byte[] Replace(byte[] bytes, byte[] from, byte[] to)
    {
        int at = IndexOf(bytes, from);
        return [.. bytes[..at], .. to, .. bytes[(at + from.Length)..]];
    }

    /// <summary>A copy with every occurrence of the ASCII text <paramref name="from"/> replaced by <paramref name="to"/> of the same length.</summary>
    public static byte[] ReplaceAll(byte[] bytes, string from, string to)
    {
        Assert.Equal(from.Length, to.Length);
        byte[] needle = Encoding.ASCII.GetBytes(from), replacement = Encoding.ASCII.GetBytes(to), copy = [.. bytes];
        for (int at = copy.AsSpan().IndexOf(needle); at >= 0;)
        {
            replacement.CopyTo(copy, at);
            int next = copy.AsSpan(at + 1).IndexOf(needle);
            at = next < 0 ? -1 : at + 1 + next;
        }
        return copy;
    }
}
