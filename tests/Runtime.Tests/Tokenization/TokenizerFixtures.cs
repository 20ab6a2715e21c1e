using LlmLang.Runtime.Tokenization;
using LlmLang.TestSupport;

namespace LlmLang.Runtime.Tests.Tokenization;

/// <summary>The real vocabularies under test, loaded once per test run (the large ones take a second or two).</summary>
internal static class TokenizerFixtures
{
    private static readonly Dictionary<string, Lazy<ITokenizer>> s_loaded = new()
    {
        ["aidreams-tok512.bin"] = Shared("models/aidreams-tok512.bin"),
        ["tok512.bin"] = Shared("models/tok512.bin"),
        ["tok512.model"] = Shared("models/tok512.model"),
        ["llama2-tokenizer.bin"] = Shared("models/llama2-tokenizer.bin"),
        ["llama2-tokenizer.model"] = Shared("models/llama2-tokenizer.model"),
        ["llama3"] = Shared("tokenizers/llama3/tokenizer.json"),
        ["qwen3"] = Shared("tokenizers/qwen3/tokenizer.json"),
        ["cl100k"] = new(Tiktoken.Cl100k),
        ["o200k"] = new(Tiktoken.O200k),
    };

    /// <summary>Names of all vocabularies, for theories.</summary>
    public static TheoryData<string> All => new(s_loaded.Keys);

    /// <summary>Names of the byte-level vocabularies.</summary>
    public static TheoryData<string> ByteLevel => new("llama3", "qwen3", "cl100k", "o200k");

    /// <summary>Names of the SentencePiece-style vocabularies.</summary>
    public static TheoryData<string> SentencePiece => new("aidreams-tok512.bin", "tok512.bin", "tok512.model", "llama2-tokenizer.bin", "llama2-tokenizer.model");

    /// <summary>A loaded vocabulary; skips when its shared fixture is absent.</summary>
    public static ITokenizer Get(string name) => s_loaded[name].Value;

    /// <summary>Text that exercises scripts, emoji, combining marks, direction marks, control characters and odd spacing.</summary>
    public static readonly string[] VariedTexts =
    [
        "Once upon a time, there was a little girl named Lily. She loved to play outside.",
        "Hello world! How's it going? I'm fine, they'll say; we'd've known.",
        "日本語のテキストと中文文本，還有한국어 텍스트도 있습니다。",
        "Emoji: 😀👍🏽 🇯🇵 👨‍👩‍👧‍👦 ❤️‍🔥 🧑🏿‍🚀",
        "Combining: e\u0301 a\u0308 n\u0303 Z\u0351\u0352\u0353 \u1E9B\u0323 and precomposed é ä ñ",
        "RTL: שָׁלוֹם עולם, مرحبا بالعالم \u200F\u200E mixed 123 ١٢٣",
        "Control: \u0001\u0002\u0007\b\u001B[31mred\u001B[0m\u007F end",
        "Whitespace:   \t\t  \n\n\n   \r\n  \u00A0\u2003\u3000 trailing      ",
        new string(' ', 300) + "x" + new string('\n', 40) + new string('\t', 17),
        "Astral letters: 𝐀𝐁𝐂 𝑥𝑦𝑧 𠀋𠀍 𐐷𐑏 and digits 𝟘𝟙𝟚",
        "Code: for (int i = 0; i < n; i++) { sum += a[i] * 2; } // 3.14159e-10 0x1F",
        "{\"name\": \"Alice\", \"tags\": [\"a\", \"b\"], \"n\": -12.5e3, \"ok\": true}",
        "Ünïcödé: naïve café, Straße, Ærøskøbing, İstanbul, ǅungla, ﬁnance",
        "<|endoftext|> <s> </s> <unk> <0x41> ▁ literal markers",
        "Greek Ελληνικά, Cyrillic Привет, Devanagari नमस्ते, Thai สวัสดี, Georgian გამარჯობა",
        "'S 'T 'RE 'VE 'M 'LL 'D n't — “quotes” ‘single’ …ellipsis",
        "a",
        " ",
        "",
    ];

    /// <summary>Whether <paramref name="text"/> survives encoding unchanged: SentencePiece reads a literal U+2581 as a
    /// space, SentencePiece models with <c>remove_extra_whitespaces</c> drop spaces, and NFC composes characters.</summary>
    public static bool IsLossless(ITokenizer tokenizer, string text) => tokenizer.Spec.Kind == TokenizerKind.SentencePieceBpe
        ? !text.Contains('\u2581') && (!tokenizer.Spec.RemoveExtraWhitespaces || (!text.Contains("  ") && text.Trim(' ') == text))
        : tokenizer.Spec.Normalization != "NFC" || UnicodeNfc.Normalize(text) == text;

    private static Lazy<ITokenizer> Shared(string relativePath) => new(() => TokenizerFactory.Load(SharedFixtures.Require(relativePath)));
}
