using System.Text.Json;
using LlmLang.TestSupport;

namespace LlmLang.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public class BenchConstrainedCommandTests
{
    [SkippableFact]
    public async Task PrintsFreeAndConstrainedRatesPerBatchSize()
    {
        string model = SharedFixtures.Require("models/aidreams260K.bin");
        var (code, output, error) = await CliRun.RunAsync("bench", "constrained", "--model", model, "--batch", "1,2", "--max-tokens", "12", "--json");
        Assert.True(code == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        foreach (var (line, batch) in lines.Zip(new[] { 1, 2 }))
        {
            using var row = JsonDocument.Parse(line);
            Assert.Equal(batch, row.RootElement.GetProperty("batch").GetInt32());
            double free = row.RootElement.GetProperty("free_tok_s").GetDouble(), constrained = row.RootElement.GetProperty("constrained_tok_s").GetDouble();
            Assert.True(free > 0 && constrained > 0);
            // The ratio is of the unrounded rates, rounded to 3 places; the rates are printed to 0.1 tok/s. Comparing
            // roundings to 2 places instead failed whenever the two fell on either side of a rounding boundary.
            double ratio = constrained / free, slack = 0.0005 + ratio * (0.05 / free + 0.05 / constrained) + 1e-9;
            Assert.InRange(row.RootElement.GetProperty("ratio").GetDouble(), ratio - slack, ratio + slack);
            Assert.InRange(row.RootElement.GetProperty("constrained_tokens_per_request").GetDouble(), 1, 12);
        }
    }

    [SkippableFact]
    public async Task MissingSchemaFileIsAClearError()
    {
        string model = SharedFixtures.Require("models/aidreams260K.bin");
        var (code, _, error) = await CliRun.RunAsync("bench", "constrained", "--model", model, "--schema", "/no/such/schema.json");
        Assert.Equal(1, code);
        Assert.Contains("--schema /no/such/schema.json: file not found", error);
    }
}
