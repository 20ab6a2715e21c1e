using System.Text.RegularExpressions;
using LlmLang.Runtime.Tokenization;

namespace LlmLang.Runtime.Formats.Llama2c;

/// <summary>
/// Finds the tokenizer of a llama2.c checkpoint when none is given. The rule, in order:
/// <list type="number">
/// <item><c>tokenizer.bin</c> in the checkpoint's folder (llama2.c's own convention);</item>
/// <item>otherwise the <c>*tok*.bin</c> files in that folder whose vocabulary has exactly the model's vocab size, preferring
/// those whose name starts with the checkpoint's stem (its name without a trailing size tag: <c>aidreams260K.bin</c> →
/// <c>aidreams</c>, so <c>aidreams-tok512.bin</c>), then those whose name starts with <c>tok</c> (generic, e.g. <c>tok512.bin</c>).</item>
/// </list>
/// The first tier with candidates must hold exactly one; otherwise the choice is ambiguous and the caller must name the tokenizer.
/// </summary>
public static partial class Llama2cTokenizerLocator
{
    /// <summary>The tokenizer path for <paramref name="checkpointPath"/> with <paramref name="vocabSize"/> pieces.</summary>
    /// <exception cref="ModelFormatException">No tokenizer fits, or more than one does.</exception>
    public static string Find(string checkpointPath, int vocabSize)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(checkpointPath))!;
        string conventional = Path.Combine(folder, "tokenizer.bin");
        if (File.Exists(conventional)) return conventional;

        string stem = SizeTag().Replace(Path.GetFileNameWithoutExtension(checkpointPath), "");
        var fitting = Directory.EnumerateFiles(folder, "*tok*.bin")
            .Where(f => !string.Equals(Path.GetFullPath(f), Path.GetFullPath(checkpointPath), StringComparison.Ordinal))
            .Where(f => PieceCount(f) == vocabSize)
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)
            .ToList();
        var specific = fitting.Where(n => stem.Length > 0 && n!.StartsWith(stem, StringComparison.OrdinalIgnoreCase)).ToList();
        var generic = fitting.Where(n => n!.StartsWith("tok", StringComparison.OrdinalIgnoreCase)).ToList();
        var tier = specific.Count > 0 ? specific : generic;
        if (tier.Count == 1) return Path.Combine(folder, tier[0]!);
        if (tier.Count > 1)
            throw new ModelFormatException(checkpointPath,
                $"tokenizer is ambiguous: {string.Join(", ", tier)} all have {vocabSize} pieces; name one (--tokenizer PATH)");
        string others = fitting.Count > 0 ? $" ({string.Join(", ", fitting)} fit the vocabulary but not the name rule)" : "";
        throw new ModelFormatException(checkpointPath,
            $"tokenizer not found: no tokenizer.bin and no {stem}*tok*.bin or tok*.bin with {vocabSize} pieces in {folder}{others}; name one (--tokenizer PATH)");
    }

    private static int PieceCount(string path)
    {
        try
        {
            return Llama2cVocabulary.Read(path).Tokens.Count;
        }
        catch (TokenizerFormatException)
        {
            return -1;
        }
    }

    // A trailing size tag such as 260K, 15M, -7B or _1.1B.
    [GeneratedRegex(@"[-_]?\d+(\.\d+)?[KMB]?$", RegexOptions.IgnoreCase)]
    private static partial Regex SizeTag();
}
