using LlmLang.Grammar.JsonSchema;
using LlmLang.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace LlmLang.Grammar.Tests.JsonSchema;

/// <summary>
/// JSON-Schema-Test-Suite draft 2020-12 (core files): each group either compiles and classifies every instance
/// right, force-decoded with cl100k through the matcher (<see cref="ForceDecoding"/>), or is refused with the unsupported-keyword error. Runs with JSON Schema semantics for undeclared
/// properties (StrictProperties=false), with the suite's remotes/ supplied as documents for remote <c>$ref</c>s. Per-group outcomes are pinned in Baselines/json-schema-test-suite.tsv.
/// </summary>
public sealed class JsonSchemaTestSuiteTests(ITestOutputHelper output)
{
    private static readonly JsonSchemaOptions Options = new(StrictProperties: false);

    [SkippableFact]
    public void Draft2020_12_matches_baseline_with_no_false_accepts()
    {
        string dir = SharedFixtures.Require("grammar/json-schema-test-suite/draft2020-12");
        // The suite serves remotes/ at http://localhost:1234/; the compiler reads them only as supplied documents.
        string remotes = SharedFixtures.Require("grammar/json-schema-test-suite/remotes");
        var documents = Directory.GetFiles(remotes, "*.json", SearchOption.AllDirectories).ToDictionary(
            f => "http://localhost:1234/" + Path.GetRelativePath(remotes, f).Replace('\\', '/'), File.ReadAllText);
        var outcomes = Directory.GetFiles(dir, "*.json").Order(StringComparer.Ordinal)
            .SelectMany(SchemaCase.FromTestSuiteFile)
            .AsParallel().AsOrdered()
            .Select(c => SchemaCaseOutcome.Run(c, Options, ForceDecoding.Compile, documents))
            .ToList();
        var compiled = outcomes.Where(o => o.Compiled).ToList();
        output.WriteLine($"groups={outcomes.Count} compiled={compiled.Count} unsupported={outcomes.Count - compiled.Count} " +
            $"passGroups={compiled.Count(o => o.Line.EndsWith("\tpass"))} validAccepted={compiled.Sum(o => o.ValidAccepted)} " +
            $"validRejected={compiled.Sum(o => o.ValidRejected)} invalidRejected={compiled.Sum(o => o.InvalidRejected)} " +
            $"invalidAccepted={compiled.Sum(o => o.InvalidAccepted)}");
        foreach (var o in outcomes.Where(o => o.InvalidAccepted > 0)) output.WriteLine("FALSE ACCEPT: " + o.Line);

        Assert.Empty(outcomes.Where(o => o.InvalidAccepted > 0).Select(o => o.Line));
        Assert.Empty(Baseline.Check("json-schema-test-suite.tsv", outcomes.Select(o => o.Line).ToList()));
    }
}
