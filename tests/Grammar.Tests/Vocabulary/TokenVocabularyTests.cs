using Xunit;
using LlmLang.Grammar.Vocabulary;
using LlmLang.TestSupport;

namespace LlmLang.Grammar.Tests.Vocabulary;

public class TokenVocabularyTests
{
    [SkippableFact]
    public void LoadsThePeerCl100kDump()
    {
        var vocabulary = TokenVocabulary.LoadBase64Lines(SharedFixtures.Require("peers/xgrammar/vocab/cl100k.b64"));
        Assert.Equal("cl100k", vocabulary.Name);
        Assert.Equal([100257], vocabulary.EosIds);
        Assert.True(vocabulary.Count > 100257);
        Assert.True(vocabulary.IsSpecial(100257));
        Assert.False(vocabulary.IsText(100257));
        Assert.Equal("!"u8.ToArray(), vocabulary.GetBytes(0).ToArray());
        Assert.True(Enumerable.Range(0, 256).All(b => Enumerable.Range(0, 300).Any(id => vocabulary.GetBytes(id).SequenceEqual(new[] { (byte)b }))),
            "every single byte is a token of cl100k");
    }

    [SkippableFact]
    public void Llama3EosIsFound()
    {
        var vocabulary = TokenVocabulary.LoadBase64Lines(SharedFixtures.Require("peers/xgrammar/vocab/llama3.b64"));
        Assert.NotEmpty(vocabulary.EosIds);
        Assert.All(vocabulary.EosIds, id => Assert.True(vocabulary.IsSpecial(id)));
    }

    [Fact]
    public void BadFilesNameTheFileAndLine()
    {
        string path = Path.Combine(Path.GetTempPath(), $"vocab-{Guid.NewGuid():N}.b64");
        try
        {
            File.WriteAllText(path, "YQ==\n%%%\n");
            var e = Assert.Throws<InvalidDataException>(() => TokenVocabulary.LoadBase64Lines(path));
            Assert.Contains($"{path}:2", e.Message);
            File.WriteAllText(path, "YQ==\n");
            Assert.Contains("no EOS", Assert.Throws<InvalidDataException>(() => TokenVocabulary.LoadBase64Lines(path)).Message);
            File.WriteAllText(path + ".special", "x\t<|endoftext|>\n");
            Assert.Contains(".special:1", Assert.Throws<InvalidDataException>(() => TokenVocabulary.LoadBase64Lines(path)).Message);
            File.WriteAllText(path + ".special", "3\t<|endoftext|>\n");
            var vocabulary = TokenVocabulary.LoadBase64Lines(path);
            Assert.Equal(4, vocabulary.Count);
            Assert.Equal([3], vocabulary.EosIds);
            Assert.False(vocabulary.IsText(1));
        }
        finally
        {
            File.Delete(path);
            File.Delete(path + ".special");
        }
    }

    [Fact]
    public void ArraysAreValidatedAndFingerprinted()
    {
        byte[][] tokens = [[97], [98], []];
        Assert.Throws<ArgumentException>(() => new TokenVocabulary(tokens, [], []));
        Assert.Throws<ArgumentException>(() => new TokenVocabulary(tokens, [7], [2]));
        var a = new TokenVocabulary(tokens, [], [2]);
        var b = new TokenVocabulary(tokens, [], [2]);
        var c = new TokenVocabulary([[97], [99], []], [], [2]);
        Assert.Equal(a.Fingerprint, b.Fingerprint);
        Assert.NotEqual(a.Fingerprint, c.Fingerprint);
        Assert.Equal(1, a.MaskWords);
    }
}
