using System.Text.Json;
using LlmLang.TestSupport;

namespace LlmLang.Runtime.Tests.Tokenization;

/// <summary>Real Llama 3 and Qwen3 tokenizer.json files against ids from an independent implementation.</summary>
public sealed class HuggingFaceReferenceTests
{
    public static TheoryData<int> Lines => new(Enumerable.Range(0, 40));

    [SkippableTheory]
    [MemberData(nameof(Lines))]
    public void EncodesExactlyAsTheReferenceAndDecodesBack(int line)
    {
        string[] lines = File.ReadAllLines(SharedFixtures.Require("tokenizers/reference.jsonl"));
        Skip.If(line >= lines.Length, "no such line");
        using var document = JsonDocument.Parse(lines[line]);
        string name = document.RootElement.GetProperty("tokenizer").GetString()!;
        string text = document.RootElement.GetProperty("text").GetString()!;
        int[] expected = document.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var tokenizer = TokenizerFixtures.Get(name);

        // Hugging Face matches added tokens in text, special ones included.
        var ids = tokenizer.Encode(text, addBos: false, parseSpecial: true);

        Assert.Equal(expected, ids);
        Assert.Equal(text, tokenizer.Decode(ids, skipSpecial: false));
    }

    [SkippableFact]
    public void ReferenceFileHasTheExpectedLines()
    {
        Assert.Equal(40, File.ReadAllLines(SharedFixtures.Require("tokenizers/reference.jsonl")).Length);
    }

    [SkippableFact]
    public void SpecialTokensAreTextUnlessParsingIsAsked()
    {
        var qwen = TokenizerFixtures.Get("qwen3");
        var plain = qwen.Encode("<|im_start|>user", addBos: false);
        var parsed = qwen.Encode("<|im_start|>user", addBos: false, parseSpecial: true);

        Assert.Equal(151644, parsed[0]);
        Assert.DoesNotContain(151644, plain);
        Assert.Equal("<|im_start|>user", qwen.Decode(plain));
        // <think> is an added token that is not special: it is always matched.
        Assert.Equal([151667], qwen.Encode("<think>", addBos: false));
    }

    [SkippableFact]
    public void ConfigGivesBosEosAndChatTemplate()
    {
        var llama3 = TokenizerFixtures.Get("llama3");
        var qwen = TokenizerFixtures.Get("qwen3");

        Assert.Equal(128000, llama3.BosId);
        Assert.Equal([128001], llama3.EosIds);
        Assert.Null(qwen.BosId);
        Assert.Equal([151645], qwen.EosIds);
        Assert.False(qwen.AddBosByDefault);
        Assert.Contains("im_start", qwen.Spec.ChatTemplate);
        Assert.Equal("NFC", qwen.Spec.Normalization);
        Assert.True(llama3.Spec.IgnoreMerges);
    }

    [SkippableFact]
    public void IgnoreMergesKeepsWholeWordTokens()
    {
        var llama3 = TokenizerFixtures.Get("llama3");
        var withMerges = LlmLang.Runtime.Tokenization.TokenizerFactory.Create(llama3.Spec with { IgnoreMerges = false });

        // " việc" is token 100769, but its merges alone never reach it.
        Assert.Equal([100769], llama3.Encode(" việc"));
        Assert.Equal([3355, 26298, 66], withMerges.Encode(" việc"));
    }
}
