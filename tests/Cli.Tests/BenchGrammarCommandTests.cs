using LlmLang.TestSupport;

namespace LlmLang.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public class BenchGrammarCommandTests
{
    private const string Schema = """{"schema":{"type":"object","properties":{"n":{"type":"integer"}},"required":["n"]},"tests":[{"data":{"n":42},"valid":true},{"data":{"n":"x"},"valid":false}]}""";

    [SkippableTheory]
    [InlineData("all")]
    [InlineData("0")]
    [InlineData("12.5")]
    public async Task Any_precompute_budget_decodes_the_same(string budget)
    {
        string vocab = SharedFixtures.Require("models/tok512.bin");
        string file = Path.Combine(Path.GetTempPath(), $"llmlang-bench-grammar-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, Schema);
        try
        {
            var (code, output, error) = await CliRun.RunAsync("bench", "grammar", "--vocab", vocab, "--schemas", file, "--precompute-budget", budget);
            Assert.True(code == 0, error);
            Assert.Contains("compileErr=0 instancesOK=1 instancesRejected=0 instancesUncompiled=0 invalidAccepted=0 invalidTotal=1", output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_budget_that_is_not_a_duration_is_a_clear_error()
    {
        var (code, _, error) = await CliRun.RunAsync("bench", "grammar", "--schemas", "/no/such/dir", "--precompute-budget", "soon");
        Assert.Equal(1, code);
        Assert.Contains("--precompute-budget: 'soon' is neither 'all' nor a number of milliseconds", error);
    }
}
