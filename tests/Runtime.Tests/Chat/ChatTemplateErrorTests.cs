using LlmLang.Runtime.Chat;

namespace LlmLang.Runtime.Tests.Chat;

/// <summary>Bad templates and bad data give <see cref="ChatTemplateException"/> with a position, never a crash or a hang.</summary>
public sealed class ChatTemplateErrorTests
{
    [Theory]
    [InlineData("Hello\n{% if x %}\nnever closed", 2, 4, "'{% if %}' is never closed (expected '{% elif %}' or '{% else %}' or '{% endif %}')")]
    [InlineData("{{ 1 + }}", 1, 8, "unexpected end of expression '}}' where an expression was expected")]
    [InlineData("line one\n  {{ foo bar }}", 2, 10, "expected end of expression '}}', found 'bar'")]
    [InlineData("a{% endfor %}", 1, 5, "unexpected '{% endfor %}' with no matching opening tag")]
    [InlineData("{% include 'x' %}", 1, 4, "unknown or unsupported tag 'include'")]
    [InlineData("\n\n   {{ 'abc }}", 3, 7, "unterminated string literal")]
    [InlineData("ok {{ x", 1, 4, "unclosed '{{' (no matching '}}')")]
    [InlineData("{# note", 1, 1, "unclosed comment '{#' (no matching '#}')")]
    [InlineData("{% for x in %}{% endfor %}", 1, 13, "unexpected end of tag '%}' where an expression was expected")]
    [InlineData("{% if false %}{{ x | nosuchfilter }}{% endif %}", 1, 22, "unknown filter 'nosuchfilter'")]
    [InlineData("{{ x is nosuchtest }}", 1, 9, "unknown test 'nosuchtest'")]
    [InlineData("{% break %}", 1, 4, "'{% break %}' outside a for loop")]
    [InlineData("{{ 1 @ 2 }}", 1, 6, "unexpected character '@'")]
    [InlineData("{% set x %}{% endfor %}", 1, 15, "unexpected '{% endfor %}' with no matching opening tag")]
    [InlineData("{{ f(a=1, 2) }}", 1, 11, "a positional argument follows a keyword argument")]
    public void SyntaxErrorsNameLineAndColumn(string template, int line, int column, string reason)
    {
        ChatTemplateException e = Assert.Throws<ChatTemplateException>(() => ChatTemplate.Parse(template, null, null));
        Assert.Equal((reason, line, column), (e.Reason, e.Line, e.Column));
        Assert.StartsWith($"chat template, line {line}, column {column}: ", e.Message);
    }

    [Fact]
    public void DeepNestingIsAnErrorNotAStackOverflow()
    {
        string template = "{{ " + new string('(', 5000) + "1" + new string(')', 5000) + " }}";
        ChatTemplateException e = Assert.Throws<ChatTemplateException>(() => ChatTemplate.Parse(template, null, null));
        Assert.Contains("nested too deeply", e.Reason);
        string blocks = string.Concat(Enumerable.Repeat("{% if true %}", 5000));
        Assert.Contains("nested too deeply", Assert.Throws<ChatTemplateException>(() => ChatTemplate.Parse(blocks, null, null)).Reason);
    }

    [Fact]
    public void RaiseExceptionSurfacesTheTemplatesMessage()
    {
        ChatTemplate template = ChatShapes.Template("llama2");
        ChatTemplateException e = Assert.Throws<ChatTemplateException>(() =>
            template.Render([ChatMessage.User("a"), ChatMessage.User("b")], true));
        Assert.True(e.RaisedByTemplate);
        Assert.Equal("Conversation roles must alternate user/assistant/user/assistant/...", e.Reason);
        Assert.Contains("the template raised an exception: Conversation roles must alternate", e.Message);
        Assert.Equal(1, e.Line);
    }

    [Theory]
    [InlineData("{{ 'a' + 1 }}", "unsupported operand type(s) for +: 'str' and 'int'")]
    [InlineData("{{ x.y }}", "'x' is undefined (cannot read its attribute 'y')")]
    [InlineData("{{ 1 // 0 }}", "integer division by zero")]
    [InlineData("{{ 1 / 0 }}", "division by zero")]
    [InlineData("{% for i in 5 %}{% endfor %}", "'int' object is not iterable")]
    [InlineData("{{ range(100000000) | length }}", "range() of 100000000 items is more than the 1000000 allowed")]
    [InlineData("{{ 'ab' * 100000000 }}", "'*' would build a value longer than 16M items")]
    [InlineData("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "macro calls nested more than 32 deep")]
    [InlineData("{{ 2 ** 100 }}", "Arithmetic operation resulted in an overflow.")]
    [InlineData("{% set x = 1 %}{% set x.y = 2 %}", "cannot assign attribute 'y' on 'x', which is not a namespace()")]
    [InlineData("{{ 'abc'.split('') }}", "split(): empty separator")]
    [InlineData("{{ none | tojson }}{{ y | tojson }}", "'y' is undefined (tojson cannot serialize an undefined value)")]
    [InlineData("{{ 1 < 'a' }}", "'<' is not supported between instances of 'int' and 'str'")]
    [InlineData("{{ messages() }}", "'list' object is not callable")]
    [InlineData("{% for a, b in [[1, 2, 3]] %}{% endfor %}", "cannot unpack 3 values into 2 names")]
    public void RenderErrorsAreTemplateExceptions(string template, string reason)
    {
        ChatTemplate parsed = ChatTemplate.Parse(template, null, null);
        ChatTemplateException e = Assert.Throws<ChatTemplateException>(() => parsed.Render([], false));
        Assert.Equal(reason, e.Reason);
        Assert.False(e.RaisedByTemplate);
    }

    [Fact]
    public void RenderErrorPointsAtTheFailingExpression()
    {
        ChatTemplate template = ChatTemplate.Parse("{% for m in messages %}\n  {{ m.content + 1 }}\n{% endfor %}", null, null);
        ChatTemplateException e = Assert.Throws<ChatTemplateException>(() => template.Render([ChatMessage.User("x")], false));
        Assert.Equal((2, 16), (e.Line, e.Column));
    }

    [Fact]
    public void RandomTemplatesFailOnlyWithTemplateExceptions()
    {
        string[] pieces = ["{{", "}}", "{%", "%}", "{#", "#}", "-", "+", "if", "for", "in", "endif", "endfor", "set", "x", "=", "'s'", "\"",
            "(", ")", "[", "]", "{", "}", ",", ".", ":", "|", "trim", "is", "not", "defined", "1", "2.5", "loop", "messages", " ", "\n",
            "else", "macro", "endmacro", "raw", "endraw", "namespace", "~", "*", "/", "//", "%", "**", "==", "<", "and", "or"];
        var random = new Random(1234);
        int rendered = 0;
        for (int i = 0; i < 3000; i++)
        {
            string source = string.Concat(Enumerable.Range(0, random.Next(1, 25)).Select(_ => pieces[random.Next(pieces.Length)]));
            try
            {
                ChatTemplate.Parse(source, "<s>", "</s>").Render([ChatMessage.User("hi"), ChatMessage.Assistant("yo")], true);
                rendered++;
            }
            catch (ChatTemplateException)
            {
            }
        }
        Assert.InRange(rendered, 1, 2999);
    }
}
