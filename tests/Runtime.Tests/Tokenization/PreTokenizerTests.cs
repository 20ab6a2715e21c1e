using LlmLang.Runtime.Tokenization;

namespace LlmLang.Runtime.Tests.Tokenization;

public sealed class PreTokenizerTests
{
    private static string[] Words(string pattern, string text) =>
        new PreTokenizer(pattern).Split(text).Select(w => text.Substring(w.Start, w.Length)).ToArray();

    [Fact]
    public void SplitsLikeTheLlama3Regex()
    {
        Assert.Equal(["Hello", ",", " world", "'s", " ", " ", "123", "4", "\n\n", "x"], Words("llama3", "Hello, world's  1234\n\nx"));
    }

    [Fact]
    public void LettersOutsideTheBmpAreLetters()
    {
        // U+20000 and U+1D400 are letters: they join the word as they do in Rust's and JavaScript's regex engines.
        Assert.Equal(["a𠀀b", " 𝐀𝐁"], Words("llama3", "a𠀀b 𝐀𝐁"));
        Assert.Equal(["x", "𝟙", "𝟚"], Words("qwen2", "x𝟙𝟚"));
        Assert.Equal([" 😀!", " x"], Words("gpt2", " 😀! x"));
    }

    [Fact]
    public void WordsCoverTheText()
    {
        foreach (string text in TokenizerFixtures.VariedTexts)
            Assert.Equal(text, string.Concat(Words("o200k", text)));
    }

    [Fact]
    public void InvalidRegexIsReportedWithThePattern()
    {
        var error = Assert.Throws<ArgumentException>(() => new PreTokenizer("(unclosed"));
        Assert.Contains("(unclosed", error.Message);
    }

    [Fact]
    public void UnknownNameIsRefusedRatherThanTakenAsARegex()
    {
        var error = Assert.Throws<ArgumentException>(() => new PreTokenizer("smaug-bpe"));
        Assert.Contains("pre-tokenizer \"smaug-bpe\" is not supported", error.Message);
    }
}
