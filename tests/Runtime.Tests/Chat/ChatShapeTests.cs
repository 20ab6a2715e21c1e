using LlmLang.Runtime.Chat;

namespace LlmLang.Runtime.Tests.Chat;

/// <summary>Common template shapes: renderings (expected texts from Python's Jinja2 3.1.6 as transformers configures
/// it) and the formats derived from them.</summary>
public sealed class ChatShapeTests
{
    [Theory]
    [InlineData("mistral", 0, false, "<s>[INST] Hello [/INST]")]
    [InlineData("mistral", 0, true, "<s>[INST] Hello [/INST]")]
    [InlineData("mistral", 1, false, "<s>[INST] What is 2+2? [/INST]4</s>[INST]  And 3+3?  [/INST]")]
    [InlineData("mistral", 1, true, "<s>[INST] What is 2+2? [/INST]4</s>[INST]  And 3+3?  [/INST]")]
    [InlineData("llama2", 0, false, "<s>[INST] Hello [/INST]")]
    [InlineData("llama2", 0, true, "<s>[INST] Hello [/INST]")]
    [InlineData("llama2", 1, false, "<s>[INST] What is 2+2? [/INST] 4 </s><s>[INST] And 3+3? [/INST]")]
    [InlineData("llama2", 1, true, "<s>[INST] What is 2+2? [/INST] 4 </s><s>[INST] And 3+3? [/INST]")]
    [InlineData("llama2", 2, false, "<s>[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\nHi [/INST]")]
    [InlineData("llama2", 2, true, "<s>[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\nHi [/INST]")]
    [InlineData("chatml", 0, false, "<|im_start|>user\nHello<|im_end|>\n")]
    [InlineData("chatml", 0, true, "<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n")]
    [InlineData("chatml", 1, false, "<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n4<|im_end|>\n<|im_start|>user\n And 3+3? <|im_end|>\n")]
    [InlineData("chatml", 1, true, "<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n4<|im_end|>\n<|im_start|>user\n And 3+3? <|im_end|>\n<|im_start|>assistant\n")]
    [InlineData("chatml", 2, false, "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n")]
    [InlineData("chatml", 2, true, "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n")]
    [InlineData("gemma", 0, false, "<bos><start_of_turn>user\nHello<end_of_turn>\n")]
    [InlineData("gemma", 0, true, "<bos><start_of_turn>user\nHello<end_of_turn>\n<start_of_turn>model\n")]
    [InlineData("gemma", 1, false, "<bos><start_of_turn>user\nWhat is 2+2?<end_of_turn>\n<start_of_turn>model\n4<end_of_turn>\n<start_of_turn>user\nAnd 3+3?<end_of_turn>\n")]
    [InlineData("gemma", 1, true, "<bos><start_of_turn>user\nWhat is 2+2?<end_of_turn>\n<start_of_turn>model\n4<end_of_turn>\n<start_of_turn>user\nAnd 3+3?<end_of_turn>\n<start_of_turn>model\n")]
    [InlineData("phi3", 0, false, "<|user|>\nHello<|end|>\n<|endoftext|>")]
    [InlineData("phi3", 0, true, "<|user|>\nHello<|end|>\n<|assistant|>\n")]
    [InlineData("phi3", 1, false, "<|user|>\nWhat is 2+2?<|end|>\n<|assistant|>\n4<|end|>\n<|user|>\n And 3+3? <|end|>\n<|endoftext|>")]
    [InlineData("phi3", 1, true, "<|user|>\nWhat is 2+2?<|end|>\n<|assistant|>\n4<|end|>\n<|user|>\n And 3+3? <|end|>\n<|assistant|>\n")]
    [InlineData("phi3", 2, false, "<|system|>\nBe brief.<|end|>\n<|user|>\nHi<|end|>\n<|endoftext|>")]
    [InlineData("phi3", 2, true, "<|system|>\nBe brief.<|end|>\n<|user|>\nHi<|end|>\n<|assistant|>\n")]
    public void RendersAsPythonJinja2(string shape, int conversation, bool generation, string expected)
    {
        ChatTemplate template = ChatShapes.Template(shape);
        Assert.Equal(expected, template.Render(ChatShapes.Conversations[conversation], generation));
        if (template.DeriveFormat().System is not null || conversation != 2)
            Assert.Equal(expected, template.DeriveFormat().Render(ChatShapes.Conversations[conversation], generation));
    }

    [Fact]
    public void ChatMlFormat()
    {
        ChatTemplateFormat format = ChatShapes.Template("chatml").DeriveFormat();
        Assert.Equal(new ChatTemplateFormat("", new ChatTurnFormat("<|im_start|>system\n", "<|im_end|>\n"), new ChatTurnFormat("<|im_start|>user\n", "<|im_end|>\n"),
            new ChatTurnFormat("<|im_start|>assistant\n", "<|im_end|>\n"), "<|im_start|>assistant\n", ""), format);
    }

    [Fact]
    public void MistralFormatStartsWithBosAndHasNoSystemTurn()
    {
        ChatTemplateFormat format = ChatShapes.Template("mistral").DeriveFormat();
        Assert.Equal("<s>", format.Start);
        Assert.Equal(new ChatTurnFormat("[INST] ", " [/INST]"), format.User);
        Assert.Equal(new ChatTurnFormat("", "</s>"), format.Assistant);
        Assert.Equal("", format.GenerationPrompt);
        Assert.Null(format.System);
        Assert.Contains("refuses system messages (Conversation roles must alternate", format.SystemUnavailableReason);
        Assert.Throws<ChatFormatException>(() => format.Turn(ChatRoles.System));
    }

    [Fact]
    public void Llama2MergesTheSystemPromptSoItsFormatHasNoSystemTurn()
    {
        ChatTemplateFormat format = ChatShapes.Template("llama2").DeriveFormat();
        Assert.Equal("", format.Start);
        Assert.Equal(new ChatTurnFormat("<s>[INST] ", " [/INST]", TrimsContent: true), format.User);
        Assert.Equal(new ChatTurnFormat(" ", " </s>", TrimsContent: true), format.Assistant);
        Assert.Null(format.System);
        Assert.Contains("not written as a turn of their own", format.SystemUnavailableReason);
        ChatFormatException e = Assert.Throws<ChatFormatException>(() => format.Render(ChatShapes.Conversations[2], true));
        Assert.Contains("no system turn", e.Message);
    }

    [Fact]
    public void GemmaFormatRenamesTheAssistantAndTrims()
    {
        ChatTemplateFormat format = ChatShapes.Template("gemma").DeriveFormat();
        Assert.Equal("<bos>", format.Start);
        Assert.Equal(new ChatTurnFormat("<start_of_turn>model\n", "<end_of_turn>\n", TrimsContent: true), format.Assistant);
        Assert.Equal("<start_of_turn>model\n", format.GenerationPrompt);
        Assert.Contains("System role not supported", format.SystemUnavailableReason);
    }

    [Fact]
    public void Phi3FormatEndsWithEosWithoutAGenerationPrompt()
    {
        ChatTemplateFormat format = ChatShapes.Template("phi3").DeriveFormat();
        Assert.Equal(new ChatTurnFormat("<|system|>\n", "<|end|>\n"), format.System);
        Assert.Equal("<|assistant|>\n", format.GenerationPrompt);
        Assert.Equal("<|endoftext|>", format.End);
    }

    [Fact]
    public void DefaultSystemTurnBecomesImplicitSystem()
    {
        // Qwen2.5's shape: a default system turn when the conversation does not open with one.
        var template = ChatTemplate.Parse("{%- if messages[0]['role'] == 'system' %}{{- '<|im_start|>system\\n' + messages[0]['content'] + '<|im_end|>\\n' }}{%- else %}{{- '<|im_start|>system\\nYou are a helpful bot.<|im_end|>\\n' }}{%- endif %}{%- for message in messages %}{%- if not (message.role == 'system' and loop.first) %}{{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>\\n' }}{%- endif %}{%- endfor %}{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}", null, null);
        ChatTemplateFormat format = template.DeriveFormat();
        Assert.Equal("", format.Start);
        Assert.Equal("<|im_start|>system\nYou are a helpful bot.<|im_end|>\n", format.ImplicitSystem);
        Assert.Equal(new ChatTurnFormat("<|im_start|>user\n", "<|im_end|>\n"), format.User);
        Assert.Equal(new ChatTurnFormat("<|im_start|>system\n", "<|im_end|>\n"), format.System);
        // Expected texts from Python's Jinja2.
        Assert.Equal("<|im_start|>system\nYou are a helpful bot.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n",
            format.Render([ChatMessage.User("Hi")], true));
        Assert.Equal("<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n", format.Render([ChatMessage.System("S"), ChatMessage.User("Hi")], false));
    }

    [Fact]
    public void DatedSystemHeaderWrittenEvenWithoutASystemMessage()
    {
        // Llama 3.1's shape: the system turn always exists; a system message only fills its content.
        const string source = """
            {{- bos_token }}
            {%- if not date_string is defined %}{%- set date_string = "26 Jul 2024" %}{%- endif %}
            {%- if messages[0]['role'] == 'system' %}
                {%- set system_message = messages[0]['content']|trim %}
                {%- set messages = messages[1:] %}
            {%- else %}
                {%- set system_message = "" %}
            {%- endif %}
            {{- "<|start_header_id|>system<|end_header_id|>\n\n" }}
            {{- "Cutting Knowledge Date: December 2023\n" }}
            {{- "Today Date: " + date_string + "\n\n" }}
            {{- system_message }}
            {{- "<|eot_id|>" }}
            {%- for message in messages %}
                {{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n'+ message['content'] | trim + '<|eot_id|>' }}
            {%- endfor %}
            {%- if add_generation_prompt %}
                {{- '<|start_header_id|>assistant<|end_header_id|>\n\n' }}
            {%- endif %}
            """;
        ChatTemplate template = ChatTemplate.Parse(source, "<|begin_of_text|>", "<|end_of_text|>");
        ChatTemplateFormat format = template.DeriveFormat();
        const string header = "<|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n";
        Assert.Equal("<|begin_of_text|>", format.Start);
        Assert.Equal(new ChatTurnFormat(header, "<|eot_id|>", TrimsContent: true), format.System);
        Assert.Equal(header + "<|eot_id|>", format.ImplicitSystem);
        // Expected texts from Python's Jinja2.
        Assert.Equal("<|begin_of_text|>" + header + "<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
            template.Render([ChatMessage.User("Hi")], true));
        Assert.Equal("<|begin_of_text|>" + header + "S<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>",
            format.Render([ChatMessage.System("S"), ChatMessage.User("Hi")], false));
    }

    [Fact]
    public void SplitsDoNotCutSpecialTokens()
    {
        // The BOS text is not at the very start, so the start text is found by search; "\n<s" + "><|user|>" would also
        // concatenate correctly, but cuts a token in two.
        var template = ChatTemplate.Parse("\n{{ bos_token }}{% for m in messages %}\n<|{{ m.role }}|>{{ m.content }}<|end|>{% endfor %}{% if add_generation_prompt %}\n<|assistant|>{% endif %}", "<s>", "</s>");
        ChatTemplateFormat format = template.DeriveFormat();
        Assert.Equal("\n<s>", format.Start);
        Assert.Equal(new ChatTurnFormat("<|user|>", "<|end|>"), format.User);
        Assert.Equal("\n<s><|user|>Hi<|end|><|assistant|>Yo<|end|><|assistant|>", format.Render([ChatMessage.User("Hi"), ChatMessage.Assistant("Yo")], true));
    }

    [Fact]
    public void NumberedTurnsCannotBeAFormat()
    {
        var template = ChatTemplate.Parse("{% for m in messages %}{{ loop.index }}. {{ m.role }}: {{ m.content }}\n{% endfor %}", null, null);
        ChatFormatException e = Assert.Throws<ChatFormatException>(() => template.DeriveFormat());
        Assert.Contains("prefix + content + suffix", e.Message);
    }

    [Fact]
    public void TemplateThatDropsContentCannotBeAFormat()
    {
        var template = ChatTemplate.Parse("{% for m in messages %}<{{ m.role }}>{% endfor %}", null, null);
        ChatFormatException e = Assert.Throws<ChatFormatException>(() => template.DeriveFormat());
        Assert.Contains("does not write the content of message 0", e.Message);
    }

    [Fact]
    public void TemplateThatOnlyAcceptsSystemFirstFailsClearly()
    {
        var template = ChatTemplate.Parse("{% if messages[0].role != 'system' %}{{ raise_exception('need a system prompt') }}{% endif %}", null, null);
        ChatFormatException e = Assert.Throws<ChatFormatException>(() => template.DeriveFormat());
        Assert.Contains("need a system prompt", e.Message);
    }

    [Fact]
    public void PlainFormatWritesRoleColonContentLines()
    {
        Assert.Equal("System: S\nUser: U\nAssistant: A\nUser: V\nAssistant: ",
            ChatTemplateFormat.Plain.Render([ChatMessage.System("S"), ChatMessage.User("U"), ChatMessage.Assistant("A"), ChatMessage.User("V")], true));
        Assert.Throws<ChatFormatException>(() => ChatTemplateFormat.Plain.Render([new ChatMessage("tool", "x")], false));
    }

    [Fact]
    public void DerivedFormatIsCachedPerTemplate()
    {
        ChatTemplate template = ChatShapes.Template("chatml");
        Assert.Same(template.DeriveFormat(), template.DeriveFormat());
    }
}
