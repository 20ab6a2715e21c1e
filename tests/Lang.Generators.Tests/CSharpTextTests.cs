using LlmLang.Generators.Emitting;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace LlmLang.Generators.Tests;

/// <summary>Literals and property names the emitter writes.</summary>
public sealed class CSharpTextTests
{
    [Theory]
    [InlineData("plain")]
    [InlineData("quote \" and backslash \\ and {braces}")]
    [InlineData("newline\n tab\t cr\r nul\0 bell\a esc\u001b")]
    [InlineData("unicode é 漢字 😀 and a line separator \u2028")]
    [InlineData("")]
    public void String_literal_round_trips(string value)
    {
        var literal = (LiteralExpressionSyntax)SyntaxFactory.ParseExpression(CSharpText.Literal(value));
        Assert.Empty(literal.GetDiagnostics());
        Assert.Equal(value, literal.Token.ValueText);
    }

    [Fact]
    public void Property_names_are_pascal_case_and_unique()
    {
        var taken = new HashSet<string> { "Text" };
        Assert.Equal("CapitalCity", CSharpText.PropertyName("capital_city", taken));
        Assert.Equal("CapitalCity2", CSharpText.PropertyName("capitalCity", taken));
        Assert.Equal("Var2nd", CSharpText.PropertyName("2nd", taken));
        Assert.Equal("Text2", CSharpText.PropertyName("text", taken));
        Assert.Equal("ABC", CSharpText.PropertyName("a-b c", taken));
        Assert.Equal("Var", CSharpText.PropertyName("???", taken));
    }
}
