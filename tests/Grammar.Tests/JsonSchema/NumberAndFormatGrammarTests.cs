using LlmLang.Grammar.JsonSchema;
using Xunit;

namespace LlmLang.Grammar.Tests.JsonSchema;

/// <summary>Digit-level ranges, multipleOf, formats and the compact number text, checked value by value.</summary>
public sealed class NumberAndFormatGrammarTests
{
    [Fact]
    public void Integer_ranges_are_exact()
    {
        var grammar = JsonSchemaCompiler.Compile("{\"type\":\"integer\",\"minimum\":-37,\"exclusiveMaximum\":1205}");
        for (int n = -200; n < 1400; n++)
            Assert.Equal(n >= -37 && n < 1205, GrammarAcceptance.Accepts(grammar, n.ToString()));
        Assert.False(GrammarAcceptance.Accepts(grammar, "-0"));
        Assert.False(GrammarAcceptance.Accepts(grammar, "007"));
    }

    [Fact]
    public void Decimal_ranges_are_exact()
    {
        var grammar = JsonSchemaCompiler.Compile("{\"type\":\"number\",\"exclusiveMinimum\":-1.25,\"maximum\":2.5}");
        for (int k = -400; k <= 400; k++)
        {
            double v = k / 100.0;
            Assert.Equal(v > -1.25 && v <= 2.5, GrammarAcceptance.Accepts(grammar, CompactJson.Number(v)));
        }
    }

    [Fact]
    public void Integer_multiples_use_a_residue_automaton()
    {
        var grammar = JsonSchemaCompiler.Compile("{\"type\":\"integer\",\"multipleOf\":7,\"minimum\":0}");
        for (int n = -30; n < 500; n++) Assert.Equal(n >= 0 && n % 7 == 0, GrammarAcceptance.Accepts(grammar, n.ToString()));
        var cents = JsonSchemaCompiler.Compile("{\"type\":\"number\",\"multipleOf\":0.01,\"minimum\":0}");
        Assert.True(GrammarAcceptance.Accepts(cents, "19.99"));
        Assert.False(GrammarAcceptance.Accepts(cents, "19.999"));
    }

    [Theory]
    [InlineData("date", "2024-02-29", true)]
    [InlineData("date", "2023-02-29", false)]
    [InlineData("date", "1900-02-29", false)]
    [InlineData("date", "2000-02-29", true)]
    [InlineData("date", "2024-04-31", false)]
    [InlineData("date-time", "2024-01-05T23:59:59.5+05:30", true)]
    [InlineData("date-time", "2024-01-05 23:59:59Z", false)]
    [InlineData("time", "24:00:00Z", false)]
    [InlineData("ipv4", "192.168.0.255", true)]
    [InlineData("ipv4", "192.168.0.256", false)]
    [InlineData("ipv4", "01.2.3.4", false)]
    [InlineData("ipv6", "::1", true)]
    [InlineData("ipv6", "1:2:3:4:5:6:7:8", true)]
    [InlineData("ipv6", "1::2::3", false)]
    [InlineData("ipv6", "::ffff:10.0.0.1", true)]
    [InlineData("uuid", "123e4567-e89b-12d3-a456-426614174000", true)]
    [InlineData("uuid", "123e4567e89b12d3a456426614174000", false)]
    [InlineData("hostname", "a-b.example.com", true)]
    [InlineData("hostname", "-ab.com", false)]
    [InlineData("hostname", "ab--c.com", false)]
    [InlineData("email", "joe.bloggs@example.com", true)]
    [InlineData("email", "joe..bloggs@example.com", false)]
    [InlineData("email", ".joe@example.com", false)]
    [InlineData("email", "joe@-example.com", false)]
    [InlineData("email", "joe@ex_ample.com", false)]
    [InlineData("email", "joe.bloggs@[127.0.0.1]", true)]
    [InlineData("email", "joe.bloggs@[127.0.0.300]", false)]
    [InlineData("email", "joe.bloggs@[IPv6:::1]", true)]
    [InlineData("email", "a-local-part-of-seventy-characters-which-the-mailbox-syntax-allows-xyz@example.com", true)]
    [InlineData("uri", "https://user@example.com:8080/a/b?q=1#f", true)]
    [InlineData("uri", "http://example.com:port/", false)]
    [InlineData("uri", "/relative", false)]
    [InlineData("uri-reference", "/relative?x=1", true)]
    [InlineData("iri", "https://例え.jp/パス?q=値#frag", true)]
    [InlineData("iri", "http://example.com/a b", false)]
    [InlineData("iri", "/relative", false)]
    [InlineData("iri", "http://example.com/?\uE000", true)]
    [InlineData("iri", "http://example.com/#\uE000", false)]
    [InlineData("iri-reference", "//例え.jp/パス", true)]
    [InlineData("iri-reference", "a:b:c\\d", false)]
    [InlineData("uri-template", "http://example.com/{user}/items{?page,limit:10}{#frag*}", true)]
    [InlineData("uri-template", "/a/{unclosed", false)]
    [InlineData("uri-template", "/a/{var:0}", false)]
    [InlineData("uri-template", "/a/{}", false)]
    [InlineData("idn-email", "用户@example.com", true)]
    [InlineData("idn-email", "用户@@example.com", false)]
    [InlineData("idn-hostname", "example.com", true)]
    [InlineData("idn-hostname", "-example.com", false)]
    [InlineData("duration", "P1Y2M3DT4H5M6S", true)]
    [InlineData("duration", "PT", false)]
    [InlineData("json-pointer", "/a~1b/0", true)]
    [InlineData("json-pointer", "a/b", false)]
    public void Formats_accept_only_valid_text(string format, string value, bool valid)
    {
        var grammar = JsonSchemaCompiler.Compile($"{{\"type\":\"string\",\"format\":\"{format}\"}}");
        Assert.Equal(valid, GrammarAcceptance.Accepts(grammar, JsonStringGrammar.Quote(value)));
    }

    [Theory]
    [InlineData("""{"not":{"const":1}}""", "2,0,-1,1.5,0.999,1.0001", "1,1.0,1.00,1e0,10e-1")]
    [InlineData("""{"type":"integer","minimum":0,"maximum":5,"not":{"enum":[3,1,5]}}""", "0,2,4", "1,3,5,6,-1")]
    [InlineData("""{"minimum":0,"not":{"enum":[0,2.5]}}""", "0.1,2.4,3", "0,0.0,-0,2.5,2.50,-1")]
    [InlineData("""{"not":{"enum":[0]}}""", "1,-1,0.5", "0,-0,0.0,-0.0")]
    public void Excluded_numbers_are_cut_out_of_the_range(string schema, string accepted, string rejected)
    {
        var grammar = JsonSchemaCompiler.Compile(schema);
        foreach (string text in accepted.Split(',')) Assert.True(GrammarAcceptance.Accepts(grammar, text), "should accept " + text);
        foreach (string text in rejected.Split(',')) Assert.False(GrammarAcceptance.Accepts(grammar, text), "should reject " + text);
    }

    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(1e5, "100000")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1.5e-7, "1.5e-7")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(-123.456, "-123.456")]
    [InlineData(9223372036854775807.0, "9223372036854776000")]
    public void Compact_numbers_match_javascript(double value, string text) => Assert.Equal(text, CompactJson.Number(value));

    [Fact]
    public void Any_order_option_accepts_permutations_once_each()
    {
        const string schema = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"},\"b\":{\"type\":\"integer\"}},\"required\":[\"a\"]}";
        var anyOrder = JsonSchemaCompiler.Compile(schema, new JsonSchemaOptions(AnyPropertyOrder: true));
        var schemaOrder = JsonSchemaCompiler.Compile(schema);
        Assert.True(GrammarAcceptance.Accepts(anyOrder, "{\"b\":1,\"a\":2}"));
        Assert.False(GrammarAcceptance.Accepts(schemaOrder, "{\"b\":1,\"a\":2}"));
        Assert.False(GrammarAcceptance.Accepts(anyOrder, "{\"a\":1,\"a\":2}"));
        Assert.False(GrammarAcceptance.Accepts(anyOrder, "{\"b\":1}"));
        Assert.False(GrammarAcceptance.Accepts(schemaOrder, "{\"a\":1,\"c\":2}"));
    }
}
