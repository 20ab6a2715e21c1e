using System.Globalization;
using System.Reflection;
using System.Text;

namespace LlmLang.Runtime.Tokenization;

/// <summary>
/// Unicode normalization form C (canonical decomposition, canonical ordering, canonical composition), from the
/// embedded <c>nfc-data.txt</c>. The project runs with invariant globalization, where <see cref="string.Normalize()"/>
/// leaves text unchanged, yet Qwen's tokenizer normalizes to NFC before splitting.
/// </summary>
internal static class UnicodeNfc
{
    private const int HangulBase = 0xAC00, HangulCount = 11172, LBase = 0x1100, VBase = 0x1161, TBase = 0x11A7;
    private const int LCount = 19, VCount = 21, TCount = 28;

    private static readonly Lazy<Tables> s_tables = new(Load);

    /// <summary>The NFC form of <paramref name="text"/>; text below U+0300 is returned as it is (it is always NFC).</summary>
    public static string Normalize(string text)
    {
        if (text.AsSpan().IndexOfAnyExceptInRange('\0', '\u02FF') < 0) return text;
        Tables tables = s_tables.Value;
        var decomposed = new List<int>(text.Length);
        foreach (Rune rune in text.EnumerateRunes()) Decompose(rune.Value, tables, decomposed);
        SortCombiningMarks(decomposed, tables);
        var builder = new StringBuilder(text.Length);
        foreach (int cp in Compose(decomposed, tables)) builder.Append(char.ConvertFromUtf32(cp));
        return builder.ToString();
    }

    private static void Decompose(int cp, Tables tables, List<int> output)
    {
        if (cp is >= HangulBase and < HangulBase + HangulCount)
        {
            int index = cp - HangulBase;
            output.Add(LBase + index / (VCount * TCount));
            output.Add(VBase + index % (VCount * TCount) / TCount);
            if (index % TCount != 0) output.Add(TBase + index % TCount);
        }
        else if (tables.Decompositions.TryGetValue(cp, out int[]? parts))
        {
            foreach (int part in parts) Decompose(part, tables, output);
        }
        else output.Add(cp);
    }

    // Stable sort of each run of non-starters by combining class.
    private static void SortCombiningMarks(List<int> cps, Tables tables)
    {
        for (int i = 1; i < cps.Count; i++)
        {
            int ccc = tables.Ccc(cps[i]);
            if (ccc == 0) continue;
            for (int j = i; j > 0 && tables.Ccc(cps[j - 1]) > ccc; j--) (cps[j - 1], cps[j]) = (cps[j], cps[j - 1]);
        }
    }

    private static List<int> Compose(List<int> cps, Tables tables)
    {
        var output = new List<int>(cps.Count);
        int starter = -1, lastCcc = 0;
        foreach (int cp in cps)
        {
            int ccc = tables.Ccc(cp);
            bool adjacent = output.Count - 1 == starter;
            // A mark is blocked from the starter by anything between them of class 0 or of a class not below its own.
            if (starter >= 0 && (adjacent || (lastCcc != 0 && lastCcc < ccc)) && TryCompose(output[starter], cp, tables, out int composite))
            {
                output[starter] = composite;
                continue;
            }
            if (ccc == 0) starter = output.Count;
            lastCcc = ccc;
            output.Add(cp);
        }
        return output;
    }

    private static bool TryCompose(int first, int second, Tables tables, out int composite)
    {
        if (first is >= LBase and < LBase + LCount && second is >= VBase and < VBase + VCount)
        {
            composite = HangulBase + ((first - LBase) * VCount + second - VBase) * TCount;
            return true;
        }
        if (first is >= HangulBase and < HangulBase + HangulCount && (first - HangulBase) % TCount == 0
            && second is > TBase and < TBase + TCount)
        {
            composite = first + second - TBase;
            return true;
        }
        return tables.Compositions.TryGetValue(((long)first << 21) | (uint)second, out composite);
    }

    private sealed record Tables(Dictionary<int, int> Classes, Dictionary<int, int[]> Decompositions, Dictionary<long, int> Compositions)
    {
        public int Ccc(int cp) => cp < 0x300 ? 0 : Classes.GetValueOrDefault(cp);
    }

    private static Tables Load()
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("LlmLang.Runtime.Tokenization.nfc-data.txt")
            ?? throw new InvalidOperationException("embedded resource nfc-data.txt is missing");
        using var reader = new StreamReader(stream);
        var tables = new Tables(new(), new(), new());
        static int Hex(string s) => int.Parse(s, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            string[] fields = line.Split(' ');
            if (fields[0] == "c") tables.Classes[Hex(fields[1])] = int.Parse(fields[2], CultureInfo.InvariantCulture);
            else if (fields[0] == "d")
            {
                bool composite = fields[^1] == "*";
                int[] parts = fields[2..(composite ? ^1 : ^0)].Select(Hex).ToArray();
                tables.Decompositions[Hex(fields[1])] = parts;
                if (composite) tables.Compositions[((long)parts[0] << 21) | (uint)parts[1]] = Hex(fields[1]);
            }
        }
        return tables;
    }
}
