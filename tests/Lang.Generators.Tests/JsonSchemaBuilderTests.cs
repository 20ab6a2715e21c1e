using System.Text.Json;
using LlmLang.Generators.Schema;
using Microsoft.CodeAnalysis;
using Xunit;

namespace LlmLang.Generators.Tests;

/// <summary>The JSON schema derived from a catalogue of C# types.</summary>
public sealed class JsonSchemaBuilderTests
{
    private const string Types = """
        using System.Collections.Generic;
        using System.ComponentModel;
        using System.ComponentModel.DataAnnotations;
        using System.Text.Json.Serialization;
        namespace Catalogue;
        public enum Color { Red, Green, Blue }
        [Description("A city")]
        public sealed record City(
            [property: Description("Its name")] string Name,
            [Range(0, 50000000)] int Population,
            string? Nickname,
            List<string> Districts,
            Color Flag);
        public sealed class Point { public double X { get; set; } public double Y { get; init; } public int? Z { get; set; } }
        public sealed class Route { [MinLength(2)][MaxLength(10)] public Point[] Stops { get; set; } = []; public Dictionary<string, int> Tolls { get; set; } = new(); }
        public sealed class Code { [RegularExpression("[A-Z]{3}")] public string Value { get; set; } = ""; [StringLength(8, MinimumLength = 2)] public string Label { get; set; } = ""; }
        public sealed class Renamed { [JsonPropertyName("full_name")] public string Name { get; set; } = ""; [JsonIgnore] public string Hidden { get; set; } = ""; public static int Ignored { get; set; } }
        public class Base { public string Id { get; set; } = ""; }
        public sealed class Derived : Base { public bool Active { get; set; } public uint Count { get; set; } }
        public sealed class Holder { public object Anything { get; set; } = new(); }
        public sealed class Outer { public Holder Inner { get; set; } = new(); }
        public sealed class Node { public List<Node> Children { get; set; } = new(); }
        public sealed class BadPattern { [RegularExpression("(a)\\1")] public string Value { get; set; } = ""; }
        public sealed class Empty { }
        public interface IShape { double Area { get; } }
        public abstract class Animal { public string Name { get; set; } = ""; }
        public sealed class Probability { [Range(0.0, 1.0)] public double P { get; set; } }
        """;

    [SkippableTheory]
    [InlineData("int", """{"type":"integer"}""")]
    [InlineData("long", """{"type":"integer"}""")]
    [InlineData("byte", """{"type":"integer","minimum":0}""")]
    [InlineData("double", """{"type":"number"}""")]
    [InlineData("decimal", """{"type":"number"}""")]
    [InlineData("bool", """{"type":"boolean"}""")]
    [InlineData("string", """{"type":"string"}""")]
    [InlineData("int?", """{"type":"integer"}""")]
    [InlineData("Catalogue.Color", """{"type":"string","enum":["Red","Green","Blue"]}""")]
    [InlineData("string[]", """{"type":"array","items":{"type":"string"}}""")]
    [InlineData("System.Collections.Generic.IReadOnlyList<int>", """{"type":"array","items":{"type":"integer"}}""")]
    [InlineData("Catalogue.City", """{"type":"object","description":"A city","properties":{"name":{"type":"string","description":"Its name"},"population":{"type":"integer","minimum":0,"maximum":50000000},"nickname":{"type":"string"},"districts":{"type":"array","items":{"type":"string"}},"flag":{"type":"string","enum":["Red","Green","Blue"]}},"required":["name","population","districts","flag"],"additionalProperties":false}""")]
    [InlineData("Catalogue.Point", """{"type":"object","properties":{"x":{"type":"number"},"y":{"type":"number"},"z":{"type":"integer"}},"required":["x","y"],"additionalProperties":false}""")]
    [InlineData("Catalogue.Route", """{"type":"object","properties":{"stops":{"type":"array","items":{"type":"object","properties":{"x":{"type":"number"},"y":{"type":"number"},"z":{"type":"integer"}},"required":["x","y"],"additionalProperties":false},"minItems":2,"maxItems":10},"tolls":{"type":"object","additionalProperties":{"type":"integer"}}},"required":["stops","tolls"],"additionalProperties":false}""")]
    [InlineData("Catalogue.Code", """{"type":"object","properties":{"value":{"type":"string","pattern":"[A-Z]{3}"},"label":{"type":"string","minLength":2,"maxLength":8}},"required":["value","label"],"additionalProperties":false}""")]
    [InlineData("Catalogue.Renamed", """{"type":"object","properties":{"full_name":{"type":"string"}},"required":["full_name"],"additionalProperties":false}""")]
    [InlineData("Catalogue.Derived", """{"type":"object","properties":{"id":{"type":"string"},"active":{"type":"boolean"},"count":{"type":"integer","minimum":0}},"required":["id","active","count"],"additionalProperties":false}""")]
    [InlineData("Catalogue.Probability", """{"type":"object","properties":{"p":{"type":"number","minimum":0,"maximum":1}},"required":["p"],"additionalProperties":false}""")]
    public void Derives_schema(string typeName, string expected)
    {
        SchemaResult result = JsonSchemaBuilder.Build(TypeNamed(typeName));
        Assert.Null(result.Error);
        Assert.Equal(expected, result.Schema);
        using var parsed = JsonDocument.Parse(result.Schema!);
        // Strict mode: the grammar engine can enforce every keyword the generator emits, except
        // 'pattern' until the grammar's regex front end exists (then this skip stops happening).
        try
        {
            Grammar.JsonSchema.JsonSchemaCompiler.Compile(result.Schema!);
        }
        catch (Grammar.JsonSchema.JsonSchemaException e) when (e.Message.Contains("'pattern'", StringComparison.Ordinal) && e.Message.Contains("not available", StringComparison.Ordinal))
        {
            throw new SkipException($"schema matches; the grammar engine cannot enforce it yet: {e.Message}");
        }
    }

    [Theory]
    [InlineData("Name")]
    [InlineData("URLValue")]
    [InlineData("IO")]
    [InlineData("X")]
    [InlineData("already")]
    [InlineData("HTMLParser2")]
    [InlineData("ABC DEF")]
    public void Names_properties_as_the_runtime_json_options_do(string name) =>
        Assert.Equal(JsonNamingPolicy.CamelCase.ConvertName(name), JsonNames.CamelCase(name));

    [Theory]
    [InlineData("object", "'object' has no fixed shape")]
    [InlineData("Catalogue.Outer", "member 'Outer.Inner.Anything' of type 'object': 'object' has no fixed shape")]
    [InlineData("Catalogue.Node", "member 'Node.Children[]' of type 'Catalogue.Node': the type refers to itself")]
    [InlineData("Catalogue.BadPattern", "member 'BadPattern.Value' of type 'string': [RegularExpression] backreference")]
    [InlineData("Catalogue.Empty", "no public readable properties")]
    [InlineData("Catalogue.IShape", "an interface cannot be created from JSON")]
    [InlineData("Catalogue.Animal", "an abstract class cannot be created from JSON")]
    [InlineData("byte[]", "base64")]
    [InlineData("int[,]", "multi-dimensional")]
    public void Names_the_member_without_a_schema(string typeName, string expectedError)
    {
        SchemaResult result = JsonSchemaBuilder.Build(TypeNamed(typeName));
        Assert.Null(result.Schema);
        Assert.Contains(expectedError, result.Error);
    }

    private static ITypeSymbol TypeNamed(string typeName)
    {
        var compilation = GeneratorHarness.Compilation(Types, $"class Probe {{ {typeName} Field; }}");
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var field = (IFieldSymbol)compilation.GetTypeByMetadataName("Probe")!.GetMembers("Field").Single();
        return field.Type;
    }
}
