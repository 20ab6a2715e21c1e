using System.Text.Json;

namespace LlmLang.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public class BenchDecodeCommandTests
{
    [Fact]
    public async Task JsonModePrintsOneSnakeCaseObjectPerBatchSize()
    {
        var (code, output, error) = await CliRun.RunAsync("bench", "decode", "--dummy", "stories15M", "--batch", "1,2",
            "--steps", "2", "--prompt-tokens", "8", "--json");
        Assert.True(code == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        foreach (var (line, batch) in lines.Zip(new[] { 1, 2 }))
        {
            using var row = JsonDocument.Parse(line);
            Assert.Equal("stories15M", row.RootElement.GetProperty("model").GetString());
            Assert.Equal(batch, row.RootElement.GetProperty("batch").GetInt32());
            Assert.Equal(1, row.RootElement.GetProperty("threads").GetInt32());
            Assert.True(row.RootElement.GetProperty("prefill_tok_s").GetDouble() > 0);
            Assert.True(row.RootElement.GetProperty("decode_tok_s").GetDouble() > 0);
        }
    }

    [Fact]
    public async Task ModelAndDummyAreMutuallyExclusive()
    {
        var (code, _, error) = await CliRun.RunAsync("bench", "decode");
        Assert.Equal(1, code);
        Assert.Contains("exactly one of --model PATH or --dummy NAME", error);
    }
}
