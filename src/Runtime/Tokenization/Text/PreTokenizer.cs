using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace LlmLang.Runtime.Tokenization;

/// <summary>
/// Splits text into the words that byte-level BPE encodes separately, with a split regex (Hugging Face's
/// <c>Split</c> with <c>Isolated</c> behaviour: matches and the gaps between them are both words).
/// .NET's regex sees UTF-16 code units, so a letter outside the BMP would not match <c>\p{L}</c> as it does in the
/// reference implementations; the regex therefore runs on a proxy string with one BMP stand-in of the same
/// Unicode category per code point.
/// </summary>
public sealed class PreTokenizer
{
    /// <summary>GPT-2's split pattern.</summary>
    public const string Gpt2 = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    /// <summary>cl100k_base's and Llama 3's split pattern.</summary>
    public const string Llama3 = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>Qwen2's (and Qwen3's) split pattern: digits one at a time.</summary>
    public const string Qwen2 = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>o200k_base's split pattern.</summary>
    public const string O200k = @"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    private readonly Regex _regex;

    /// <summary>Creates a pre-tokenizer from a known name (<c>gpt2</c>, <c>llama3</c>/<c>llama-bpe</c>/<c>cl100k</c>,
    /// <c>qwen2</c>, <c>o200k</c>) or a regex.</summary>
    /// <exception cref="ArgumentException">The regex does not parse.</exception>
    public PreTokenizer(string nameOrPattern)
    {
        Pattern = Resolve(nameOrPattern);
        try
        {
            _regex = new Regex(Pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"pre-tokenizer pattern \"{Pattern}\" is not a valid regex: {e.Message}", nameof(nameOrPattern), e);
        }
    }

    /// <summary>The split regex.</summary>
    public string Pattern { get; }

    /// <summary>Maps a pre-tokenizer name (e.g. GGUF's <c>tokenizer.ggml.pre</c>) to its regex; anything that does not
    /// look like a name is taken to be a regex already.</summary>
    /// <exception cref="ArgumentException">A name that is not one of the known pre-tokenizers.</exception>
    public static string Resolve(string nameOrPattern) => nameOrPattern switch
    {
        "gpt2" or "gpt-2" or "default" => Gpt2,
        "llama3" or "llama-bpe" or "cl100k" or "cl100k_base" => Llama3,
        "qwen2" => Qwen2,
        "o200k" or "o200k_base" => O200k,
        _ when nameOrPattern.Length > 0 && nameOrPattern.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') =>
            throw new ArgumentException($"pre-tokenizer \"{nameOrPattern}\" is not supported (supported: gpt2, default, llama3, llama-bpe, cl100k, qwen2, o200k, or a split regex)", nameof(nameOrPattern)),
        _ => nameOrPattern,
    };

    /// <summary>The words of <paramref name="text"/> as (start, length) in UTF-16 units, covering it without gaps.</summary>
    public List<(int Start, int Length)> Split(string text)
    {
        var words = new List<(int, int)>();
        if (text.Length == 0) return words;
        (string proxy, int[]? offsets) = Proxy(text);
        int Original(int proxyIndex) => offsets is null ? proxyIndex : offsets[proxyIndex];
        int last = 0;
        for (Match m = _regex.Match(proxy); m.Success; m = m.NextMatch())
        {
            if (m.Length == 0) continue;
            int start = Original(m.Index), end = Original(m.Index + m.Length);
            if (start > last) words.Add((last, start - last));
            words.Add((start, end - start));
            last = end;
        }
        if (last < text.Length) words.Add((last, text.Length - last));
        return words;
    }

    // Returns the text itself when it has no surrogates; otherwise a proxy with one char per code point and the
    // offset of each proxy char (plus the end) in the original.
    private static (string Proxy, int[]? Offsets) Proxy(string text)
    {
        if (text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0) return (text, null);
        var proxy = new StringBuilder(text.Length);
        var offsets = new List<int>(text.Length + 1);
        int i = 0;
        while (i < text.Length)
        {
            offsets.Add(i);
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out Rune rune, out int used) != System.Buffers.OperationStatus.Done)
            {
                proxy.Append('\uFFFD');
                i += Math.Max(used, 1);
                continue;
            }
            proxy.Append(rune.IsBmp ? (char)rune.Value : StandIn(Rune.GetUnicodeCategory(rune)));
            i += used;
        }
        offsets.Add(text.Length);
        return (proxy.ToString(), offsets.ToArray());
    }

    // A BMP character of the same category that no pattern names literally (not an apostrophe, s/t/r/v/m/l/d, \r, \n or /).
    private static char StandIn(UnicodeCategory category) => category switch
    {
        UnicodeCategory.UppercaseLetter => 'A',
        UnicodeCategory.LowercaseLetter => 'a',
        UnicodeCategory.TitlecaseLetter => '\u01C5',
        UnicodeCategory.ModifierLetter => '\u02B0',
        UnicodeCategory.OtherLetter => '\u00AA',
        UnicodeCategory.NonSpacingMark => '\u0300',
        UnicodeCategory.SpacingCombiningMark => '\u0903',
        UnicodeCategory.EnclosingMark => '\u20DD',
        UnicodeCategory.DecimalDigitNumber => '0',
        UnicodeCategory.LetterNumber => '\u2160',
        UnicodeCategory.OtherNumber => '\u00B2',
        _ => '\u00A9',
    };
}
