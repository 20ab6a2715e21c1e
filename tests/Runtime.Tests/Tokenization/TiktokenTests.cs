using System.IO.Compression;
using System.Reflection;
using System.Text;
using Microsoft.ML.Tokenizers;
using LlmLang.Runtime.Tokenization;

namespace LlmLang.Runtime.Tests.Tokenization;

/// <summary>cl100k_base and o200k_base: round trips, raw bytes from the data packages, agreement with Microsoft.ML.Tokenizers.</summary>
public sealed class TiktokenTests
{
    public static TheoryData<string> Names => new("cl100k", "o200k");

    [Theory]
    [MemberData(nameof(Names))]
    public void RoundTripsVariedUnicode(string name)
    {
        var tokenizer = TokenizerFixtures.Get(name);
        foreach (string text in TokenizerFixtures.VariedTexts)
        {
            var ids = tokenizer.Encode(text);
            Assert.Equal(text, tokenizer.Decode(ids));
            Assert.All(ids, id => Assert.False(tokenizer.IsSpecial(id)));
        }
    }

    [Theory]
    [InlineData("cl100k", "gpt-4")]
    [InlineData("o200k", "gpt-4o")]
    public void MatchesMicrosoftMlTiktokenOnBmpText(string name, string model)
    {
        var library = TiktokenTokenizer.CreateForModel(model);
        var tokenizer = TokenizerFixtures.Get(name);
        // The library's .NET regex sees UTF-16 surrogates, not letters, outside the BMP; compare where that cannot matter.
        foreach (string text in TokenizerFixtures.VariedTexts.Where(t => !t.Any(char.IsSurrogate) && !t.Contains("<|")))
            Assert.Equal(library.EncodeToIds(text), tokenizer.Encode(text));
    }

    [Fact]
    public void DigitsOutsideTheBmpAreNumbersAsInTiktoken()
    {
        // Ids from OpenAI's tiktoken (npm tiktoken 1.0.22, the Rust crate in WebAssembly). Microsoft.ML.Tokenizers
        // 2.0.1 gives 220, 82350, ... here: its regex does not see U+1D7D8 as a digit.
        string text = "  \U0001D7D8\U0001D7D9\U0001D7DA  a'S \u7CF3\u05E9\u05DC\u05D5\u05DD";
        int[] expected = [220, 220, 57352, 253, 246, 57352, 253, 247, 57352, 253, 248, 220, 264, 13575, 10447, 111, 111, 59511, 50391, 37769, 251];
        Assert.Equal(expected, Tiktoken.Cl100k().Encode(text));
    }

    [Fact]
    public void SpecialTokensMapToTheirIdsOnlyWhenParsed()
    {
        var cl100k = Tiktoken.Cl100k();
        Assert.Equal([100257], cl100k.EosIds);
        Assert.Null(cl100k.BosId);
        Assert.Equal([100257], cl100k.Encode("<|endoftext|>", parseSpecial: true));
        Assert.DoesNotContain(100257, cl100k.Encode("<|endoftext|>"));
        Assert.Equal([200018], Tiktoken.O200k().Encode("<|endofprompt|>", parseSpecial: true));
    }

    [Theory]
    [InlineData("cl100k", "Microsoft.ML.Tokenizers.Data.Cl100kBase", "cl100k_base.tiktoken.deflate", 773)]
    [InlineData("o200k", "Microsoft.ML.Tokenizers.Data.O200kBase", "o200k_base.tiktoken.deflate", -1)]
    public void TokenBytesAreTheRawBytesOfTheDataPackage(string name, string assembly, string resource, int expectedInvalidUtf8)
    {
        var tokenizer = TokenizerFixtures.Get(name);
        List<byte[]> ranks = ReadResource(assembly, resource);
        var strict = new UTF8Encoding(false, true);
        int invalid = 0;
        for (int id = 0; id < ranks.Count; id++)
        {
            Assert.True(ranks[id].AsSpan().SequenceEqual(tokenizer.TokenBytes(id)), $"token {id}");
            try
            {
                strict.GetString(ranks[id]);
            }
            catch (DecoderFallbackException)
            {
                invalid++;
            }
        }
        if (expectedInvalidUtf8 >= 0) Assert.Equal(expectedInvalidUtf8, invalid);
        else Assert.True(invalid > 0);
    }

    // Read here independently of the tokenizer: "Capacity: N", then one base64 token per line in rank order.
    private static List<byte[]> ReadResource(string assemblyName, string resourceName)
    {
        Assembly assembly = Assembly.Load(assemblyName);
        using Stream compressed = assembly.GetManifestResourceStream(assembly.GetManifestResourceNames().Single(n => n.EndsWith(resourceName)))!;
        using var reader = new StreamReader(new DeflateStream(compressed, CompressionMode.Decompress));
        Assert.StartsWith("Capacity:", reader.ReadLine());
        var ranks = new List<byte[]>();
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            if (line.Length > 0) ranks.Add(Convert.FromBase64String(line.Split(' ')[0]));
        }
        return ranks;
    }
}
