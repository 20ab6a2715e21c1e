using System.Text;
using LlmLang.Runtime.Tokenization;

namespace LlmLang.Runtime.Tests.Tokenization;

/// <summary>Seeded random text over the whole of Unicode: encoding never fails, and bytes and text survive.</summary>
public sealed class RandomTextTests
{
    public static TheoryData<string> All => TokenizerFixtures.All;

    [SkippableTheory]
    [MemberData(nameof(All))]
    public void RandomTextRoundTripsThroughTokenBytesAndDecode(string name)
    {
        var tokenizer = TokenizerFixtures.Get(name);
        var random = new Random(20261123);
        for (int i = 0; i < 300; i++)
        {
            string text = RandomText(random, random.Next(1, 40));
            var ids = tokenizer.Encode(text, addBos: false);
            if (!TokenizerFixtures.IsLossless(tokenizer, text)) continue;
            string expected = tokenizer.Spec.Kind == TokenizerKind.SentencePieceBpe ? " " + text : text;
            var bytes = new List<byte>();
            foreach (int id in ids) bytes.AddRange(tokenizer.TokenBytes(id).ToArray());
            Assert.Equal(Encoding.UTF8.GetBytes(expected), bytes.ToArray());
            Assert.Equal(expected, tokenizer.Decode(ids));
        }
    }

    [SkippableTheory]
    [MemberData(nameof(All))]
    public void LoneSurrogatesEncodeAsReplacementCharacters(string name)
    {
        var tokenizer = TokenizerFixtures.Get(name);
        var ids = tokenizer.Encode("a\uD800b\uDC00", addBos: false);
        Assert.EndsWith("a\uFFFDb\uFFFD", tokenizer.Decode(ids));
    }

    // Mostly ASCII and common scripts, with spaces, controls, marks, astral characters and private use mixed in.
    private static string RandomText(Random random, int length)
    {
        var text = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            int cp = random.Next(10) switch
            {
                < 4 => random.Next(0x20, 0x7F),
                4 => " \t\n\r"[random.Next(4)],
                5 => random.Next(0, 0x20),
                6 => random.Next(0x80, 0x800),
                7 => random.Next(0x800, 0xD800),
                8 => random.Next(0xE000, 0x10000),
                _ => random.Next(0x10000, 0x110000),
            };
            text.Append(char.ConvertFromUtf32(cp));
        }
        return text.ToString();
    }
}
