using System.Text;
using LlmLang.Runtime.Tokenization;

namespace LlmLang.Runtime.Tests.Tokenization;

/// <summary>The raw-byte table that the grammar engine builds its vocabulary trie from, for every vocabulary.</summary>
public sealed class TokenBytesTests
{
    public static TheoryData<string> All => TokenizerFixtures.All;
    public static TheoryData<string> ByteLevel => TokenizerFixtures.ByteLevel;
    public static TheoryData<string> SentencePiece => TokenizerFixtures.SentencePiece;

    [SkippableTheory]
    [MemberData(nameof(All))]
    public void ConcatenatedTokenBytesAreTheUtf8OfTheText(string name)
    {
        var tokenizer = TokenizerFixtures.Get(name);
        bool dummyPrefix = tokenizer.Spec.Kind == TokenizerKind.SentencePieceBpe;
        foreach (string text in TokenizerFixtures.VariedTexts.Where(t => TokenizerFixtures.IsLossless(tokenizer, t)))
        {
            var bytes = new List<byte>();
            foreach (int id in tokenizer.Encode(text, addBos: false)) bytes.AddRange(tokenizer.TokenBytes(id).ToArray());
            string expected = dummyPrefix && text.Length > 0 ? " " + text : text;
            Assert.Equal(Encoding.UTF8.GetBytes(expected), bytes.ToArray());
        }
    }

    [SkippableTheory]
    [MemberData(nameof(ByteLevel))]
    public void ByteLevelTokensHaveNonEmptyUniqueBytes(string name)
    {
        var tokenizer = TokenizerFixtures.Get(name);
        var seen = new Dictionary<string, int>();
        int normal = 0;
        for (int id = 0; id < tokenizer.VocabSize; id++)
        {
            if (tokenizer.Spec.Types[id] != TokenType.Normal) continue;
            normal++;
            byte[] bytes = tokenizer.TokenBytes(id).ToArray();
            Assert.NotEmpty(bytes);
            Assert.True(seen.TryAdd(Convert.ToBase64String(bytes), id), $"tokens {seen.GetValueOrDefault(Convert.ToBase64String(bytes))} and {id} have the same bytes");
        }
        Assert.True(normal > 100_000, $"{name} has only {normal} normal tokens");
        for (int b = 0; b < 256; b++) Assert.True(seen.ContainsKey(Convert.ToBase64String([(byte)b])), $"no token for byte {b}");
    }

    [SkippableTheory]
    [MemberData(nameof(SentencePiece))]
    public void SentencePieceBytesFollowPieceTypes(string name)
    {
        var tokenizer = TokenizerFixtures.Get(name);
        int bytePieces = 0;
        for (int id = 0; id < tokenizer.VocabSize; id++)
        {
            string piece = tokenizer.TokenText(id);
            byte[] bytes = tokenizer.TokenBytes(id).ToArray();
            switch (tokenizer.Spec.Types[id])
            {
                case TokenType.Byte:
                    bytePieces++;
                    Assert.Equal([Convert.ToByte(piece.Substring(3, 2), 16)], bytes);
                    Assert.Equal(id - 3, bytes[0]);
                    break;
                case TokenType.Control or TokenType.Unknown:
                    Assert.Empty(bytes);
                    Assert.True(tokenizer.IsSpecial(id));
                    break;
                default:
                    Assert.Equal(Encoding.UTF8.GetBytes(piece.Replace('\u2581', ' ')), bytes);
                    Assert.NotEmpty(bytes);
                    break;
            }
        }
        Assert.Equal(256, bytePieces);
    }

    [SkippableFact]
    public void Llama3ByteTableMatchesXGrammarsVocabulary()
    {
        var tokenizer = TokenizerFixtures.Get("llama3");
        string[] lines = File.ReadAllLines(LlmLang.TestSupport.SharedFixtures.Require("peers/xgrammar/vocab/llama3.b64"));
        int compared = 0;
        for (int id = 0; id < Math.Min(lines.Length, 128000); id++)
        {
            Assert.True(Convert.FromBase64String(lines[id]).AsSpan().SequenceEqual(tokenizer.TokenBytes(id)), $"token {id}");
            compared++;
        }
        Assert.Equal(128000, compared);
    }
}
