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
            Assert.Equal(Math.Round(constrained / free, 3), row.RootElement.GetProperty("ratio").GetDouble(), 2);
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
