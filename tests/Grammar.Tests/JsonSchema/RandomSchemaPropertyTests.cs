using System.Text.Json;
using LlmLang.Grammar.JsonSchema;
using Xunit;
using Xunit.Abstractions;

namespace LlmLang.Grammar.Tests.JsonSchema;

/// <summary>
/// Random schemas against random values: the grammar accepts a value's compact text exactly when the reference
/// validator says the value is valid (keys are generated in schema order, so schema-order objects lose nothing).
/// With strict properties the grammar may accept less, never more.
/// </summary>
public sealed class RandomSchemaPropertyTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1, false, false)]
    [InlineData(2, false, false)]
    [InlineData(3, false, true)]
    [InlineData(4, true, false)]
    [InlineData(5, true, true)]
    public void Grammar_acceptance_equals_reference_validator(int seed, bool strict, bool anyOrder)
    {
        var random = new RandomJson(seed);
        var options = new JsonSchemaOptions(StrictProperties: strict, AnyPropertyOrder: anyOrder);
        int compiled = 0, refused = 0, checkedValues = 0, validSeen = 0;
        var mismatches = new List<string>();
        for (int i = 0; i < 400; i++)
        {
            string schema = random.Schema();
            JsonSchemaCompilation grammar;
            try
            {
                grammar = JsonSchemaCompiler.Compile(schema, options);
                compiled++;
            }
            catch (JsonSchemaException)
            {
                refused++;
                continue;
            }
            using var schemaDoc = JsonDocument.Parse(schema);
            for (int j = 0; j < 25; j++)
            {
                using var valueDoc = JsonDocument.Parse(random.Value());
                string text = CompactJson.Write(valueDoc.RootElement);
                bool valid = ReferenceValidator.IsValid(schemaDoc.RootElement, valueDoc.RootElement);
                bool accepted = GrammarAcceptance.Accepts(grammar, text);
                checkedValues++;
                if (valid) validSeen++;
                if (accepted && !valid || valid && !accepted && !strict) mismatches.Add($"schema {schema} value {text}: validator {valid}, grammar {accepted}");
            }
        }
        output.WriteLine($"compiled={compiled} refused={refused} values={checkedValues} valid={validSeen} mismatches={mismatches.Count}");
        foreach (string m in mismatches.Take(20)) output.WriteLine(m);
        Assert.True(compiled > 250, $"only {compiled} random schemas compiled");
        Assert.True(validSeen > 300, $"only {validSeen} valid values seen: the test would be vacuous");
        Assert.Empty(mismatches);
    }
}
