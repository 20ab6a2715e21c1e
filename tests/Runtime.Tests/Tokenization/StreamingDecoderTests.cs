using System.Text;
using LlmLang.Runtime.Tokenization;

namespace LlmLang.Runtime.Tests.Tokenization;

public sealed class StreamingDecoderTests
{
    public static TheoryData<string> All => TokenizerFixtures.All;

    [SkippableTheory]
    [MemberData(nameof(All))]
    public void DeltasNeverSplitACharacterAndConcatenateToDecode(string name)
    {
        var tokenizer = TokenizerFixtures.Get(name);
        foreach (string text in TokenizerFixtures.VariedTexts)
        {
            var ids = tokenizer.Encode(text);
            var decoder = tokenizer.CreateStreamingDecoder();
            var streamed = new StringBuilder();
            foreach (int id in ids)
            {
                string delta = decoder.Push(id);
                Assert.DoesNotContain('\uFFFD', delta);
                Assert.False(delta.Length > 0 && char.IsHighSurrogate(delta[^1]), "a delta ends inside a surrogate pair");
                streamed.Append(delta);
            }
            streamed.Append(decoder.Flush());
            Assert.Equal(tokenizer.Decode(ids), streamed.ToString());
            if (TokenizerFixtures.IsLossless(tokenizer, text)) Assert.Equal(text, streamed.ToString());
        }
    }

    [SkippableFact]
    public void BytePiecesOfOneCharacterAreHeldBackUntilItIsComplete()
    {
        var tokenizer = TokenizerFixtures.Get("tok512.bin");
        var ids = tokenizer.Encode("🦙!", addBos: false);
        var decoder = tokenizer.CreateStreamingDecoder();
        var deltas = ids.Select(decoder.Push).ToList();

        // " " then the four byte pieces of U+1F999: nothing until the fourth byte arrives.
        Assert.Equal(new[] { 3 + 0xF0, 3 + 0x9F, 3 + 0xA6, 3 + 0x99 }, ids.Skip(1).Take(4));
        Assert.Equal(["", "", "", "🦙"], deltas.Skip(1).Take(4));
        Assert.Equal(" 🦙!", string.Concat(deltas) + decoder.Flush());
    }

    [SkippableFact]
    public void AnUnfinishedCharacterIsFlushedAsOneReplacement()
    {
        var tokenizer = TokenizerFixtures.Get("tok512.bin");
        var decoder = tokenizer.CreateStreamingDecoder();

        Assert.Equal("", decoder.Push(3 + 0xF0));
        Assert.Equal("", decoder.Push(3 + 0x9F));
        Assert.Equal("\uFFFD", decoder.Flush());
        Assert.Equal("\uFFFD", tokenizer.Decode([3 + 0xF0, 3 + 0x9F]));
    }

    [SkippableFact]
    public void ByteLevelTokensThatSplitACharacterAreHeldBack()
    {
        var cl100k = Tiktoken.Cl100k();
        // Find a token that is not valid UTF-8 alone and complete a character with the next one.
        var ids = cl100k.Encode("灣灣灣 𠀋");
        Assert.Contains(ids, id => !IsValidUtf8(cl100k.TokenBytes(id)));
        var decoder = cl100k.CreateStreamingDecoder();
        string streamed = string.Concat(ids.Select(decoder.Push)) + decoder.Flush();
        Assert.Equal("灣灣灣 𠀋", streamed);
    }

    private static bool IsValidUtf8(ReadOnlySpan<byte> bytes) => System.Text.Unicode.Utf8.IsValid(bytes);
}
