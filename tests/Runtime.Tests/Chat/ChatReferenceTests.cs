using System.Text.Json;
using LlmLang.Runtime.Chat;
using LlmLang.Runtime.Tokenization;
using LlmLang.TestSupport;

namespace LlmLang.Runtime.Tests.Chat;

/// <summary>The real Llama 3 and Qwen3 templates against renderings by @huggingface/jinja (chat-reference.jsonl).</summary>
public sealed class ChatReferenceTests
{
    public static TheoryData<int> Lines => new(Enumerable.Range(0, 12));

    [SkippableTheory]
    [MemberData(nameof(Lines))]
    public void TemplateRendersTheReferenceExactly(int line)
    {
        (ChatTemplate template, List<ChatMessage> messages, bool generation, string expected) = Reference(line);
        Assert.Equal(expected, template.Render(messages, generation));
    }

    [SkippableTheory]
    [MemberData(nameof(Lines))]
    public void DerivedFormatReproducesTheReferenceByConcatenation(int line)
    {
        (ChatTemplate template, List<ChatMessage> messages, bool generation, string expected) = Reference(line);
        Assert.Equal(expected, template.DeriveFormat().Render(messages, generation));
    }

    [SkippableFact]
    public void ReferenceFileHasTheExpectedLines() =>
        Assert.Equal(12, File.ReadAllLines(SharedFixtures.Require("tokenizers/chat-reference.jsonl")).Count(l => l.Trim().Length > 0));

    [SkippableFact]
    public void Llama3FormatHasItsHeaderTurns()
    {
        ChatTemplateFormat format = ChatFixtures.Template("llama3").DeriveFormat();
        Assert.Equal("<|begin_of_text|>", format.Start);
        Assert.Equal(new ChatTurnFormat("<|start_header_id|>user<|end_header_id|>\n\n", "<|eot_id|>", TrimsContent: true), format.User);
        Assert.Equal(new ChatTurnFormat("<|start_header_id|>system<|end_header_id|>\n\n", "<|eot_id|>", TrimsContent: true), format.System);
        Assert.Equal(new ChatTurnFormat("<|start_header_id|>assistant<|end_header_id|>\n\n", "<|eot_id|>", TrimsContent: true), format.Assistant);
        Assert.Equal("<|start_header_id|>assistant<|end_header_id|>\n\n", format.GenerationPrompt);
        // This variant of the template opens an assistant turn even without add_generation_prompt.
        Assert.Equal(format.GenerationPrompt, format.End);
        Assert.Null(format.FinalAssistantPrefix);
    }

    [SkippableFact]
    public void Qwen3FormatHasChatMlTurnsAndAnEmptyThinkBlockOnTheFinalAssistantTurn()
    {
        ChatTemplateFormat format = ChatFixtures.Template("qwen3").DeriveFormat();
        Assert.Equal("", format.Start);
        Assert.Equal(new ChatTurnFormat("<|im_start|>system\n", "<|im_end|>\n"), format.System);
        Assert.Equal(new ChatTurnFormat("<|im_start|>user\n", "<|im_end|>\n"), format.User);
        Assert.Equal(new ChatTurnFormat("<|im_start|>assistant\n", "<|im_end|>\n"), format.Assistant);
        Assert.Equal("<|im_start|>assistant\n", format.GenerationPrompt);
        Assert.Equal("", format.End);
        Assert.Equal("<|im_start|>assistant\n<think>\n\n</think>\n\n", format.FinalAssistantPrefix);
    }

    [SkippableFact]
    public void Qwen3TemplateUsesToolsAndReasoningContent()
    {
        ChatTemplate template = ChatFixtures.Template("qwen3");
        var tool = new Dictionary<string, object?>
        {
            ["type"] = "function",
            ["function"] = new Dictionary<string, object?> { ["name"] = "get_weather", ["parameters"] = new Dictionary<string, object?> { ["city"] = "string" } },
        };
        string text = template.Render([ChatMessage.System("Sys"), ChatMessage.User("Weather?")], true, new Dictionary<string, object?> { ["tools"] = new[] { tool } });
        Assert.StartsWith("<|im_start|>system\nSys\n\n# Tools\n", text);
        Assert.Contains("<tools>\n{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", \"parameters\": {\"city\": \"string\"}}}\n</tools>", text);
        Assert.EndsWith("<|im_start|>user\nWeather?<|im_end|>\n<|im_start|>assistant\n", text);

        var answer = ChatMessage.Assistant("It is sunny.") with { Fields = new Dictionary<string, object?> { ["reasoning_content"] = "\nLook it up.\n" } };
        Assert.Equal("<|im_start|>user\nQ<|im_end|>\n<|im_start|>assistant\n<think>\nLook it up.\n</think>\n\nIt is sunny.<|im_end|>\n",
            template.Render([ChatMessage.User("Q"), answer], false));
        Assert.Equal("<|im_start|>user\nQ<|im_end|>\n<|im_start|>assistant\n<think>\nhmm\n</think>\n\nA<|im_end|>\n",
            template.Render([ChatMessage.User("Q"), ChatMessage.Assistant("<think>\nhmm\n</think>\n\nA")], false));
        Assert.EndsWith("<|im_start|>assistant\n<think>\n\n</think>\n\n",
            template.Render([ChatMessage.User("Q")], true, new Dictionary<string, object?> { ["enable_thinking"] = false }));
    }

    [SkippableFact]
    public void TemplateFromTheTokenizerUsesItsBosText()
    {
        TokenizerSpec spec = TokenizerJson.Read(SharedFixtures.Require("tokenizers/llama3/tokenizer.json"),
            SharedFixtures.Require("tokenizers/llama3/tokenizer_config.json"));
        ChatTemplate template = Assert.IsType<ChatTemplate>(ChatTemplate.ForTokenizer(spec));
        Assert.Equal("<|begin_of_text|>", template.BosToken);
        Assert.Equal(ChatFixtures.Template("llama3").Render([ChatMessage.User("Hi")], true), template.Render([ChatMessage.User("Hi")], true));
        Assert.Null(ChatTemplate.ForTokenizer(spec with { ChatTemplate = null }));
    }

    [SkippableFact]
    public void OneTemplateRendersOnManyThreadsAtOnce()
    {
        ChatTemplate template = ChatFixtures.Template("qwen3");
        List<ChatMessage>[] conversations = Enumerable.Range(0, 64)
            .Select(i => new List<ChatMessage> { ChatMessage.User($"question {i}"), ChatMessage.Assistant($"answer {i}"), ChatMessage.User("more?") }).ToArray();
        string[] sequential = conversations.Select(c => template.Render(c, true)).ToArray();
        string[] parallel = new string[conversations.Length];
        Parallel.For(0, conversations.Length, i => parallel[i] = template.Render(conversations[i], true));
        Assert.Equal(sequential, parallel);
        Assert.All(Enumerable.Range(0, 64), i => Assert.Contains($"answer {i}<|im_end|>", sequential[i]));
    }

    private static (ChatTemplate, List<ChatMessage>, bool, string) Reference(int line)
    {
        string[] lines = File.ReadAllLines(SharedFixtures.Require("tokenizers/chat-reference.jsonl")).Where(l => l.Trim().Length > 0).ToArray();
        using JsonDocument doc = JsonDocument.Parse(lines[line]);
        JsonElement root = doc.RootElement;
        var messages = root.GetProperty("messages").EnumerateArray()
            .Select(m => new ChatMessage(m.GetProperty("role").GetString()!, m.GetProperty("content").GetString()!)).ToList();
        return (ChatFixtures.Template(root.GetProperty("tokenizer").GetString()!), messages,
            root.GetProperty("add_generation_prompt").GetBoolean(), root.GetProperty("text").GetString()!);
    }
}
