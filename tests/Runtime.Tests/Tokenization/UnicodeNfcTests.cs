using LlmLang.Runtime.Tokenization;

namespace LlmLang.Runtime.Tests.Tokenization;

/// <summary>NFC as Qwen's tokenizer applies it; expected forms as Python's unicodedata.normalize("NFC", …) gives them.</summary>
public sealed class UnicodeNfcTests
{
    [Theory]
    [InlineData("e\u0301", "\u00E9")]
    [InlineData("\u212B", "\u00C5")]
    [InlineData("\u1100\u1161\u11A8", "\uAC01")]
    [InlineData("a\u0302\u0323", "\u1EAD")]
    [InlineData("\uFB01", "\uFB01")]
    [InlineData("\u0958", "\u0915\u093C")]
    [InlineData("e\u0301\u0301", "\u00E9\u0301")]
    [InlineData("\u0301e", "\u0301e")]
    [InlineData("\U0001D15E", "\U0001D157\U0001D165")]
    [InlineData("\u3099\u0365\u036B\u3099\u1010", "\u3099\u3099\u0365\u036B\u1010")]
    public void NormalizesToFormC(string input, string expected)
    {
        Assert.Equal(expected, UnicodeNfc.Normalize(input));
    }

    [Fact]
    public void TextBelowCombiningMarksIsReturnedAsIs()
    {
        string text = "plain ASCII and Latin-1: café";
        Assert.Same(text, UnicodeNfc.Normalize(text));
    }

    [SkippableFact]
    public void QwenEncodesDecomposedTextAsComposed()
    {
        var qwen = TokenizerFixtures.Get("qwen3");
        Assert.Equal(qwen.Encode("café naïve 각"), qwen.Encode("cafe\u0301 nai\u0308ve \u1100\u1161\u11A8"));
    }
}
