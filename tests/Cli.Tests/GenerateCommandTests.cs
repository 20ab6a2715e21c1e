using System.Text.Json;
using LlmLang.TestSupport;

namespace LlmLang.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public class GenerateCommandTests
{
    [SkippableFact]
    public async Task GreedyJsonMatchesTheLlama2cReference()
    {
        string model = SharedFixtures.Require("models/aidreams260K.bin");
        string line = File.ReadLines(SharedFixtures.Require("models/reference/aidreams260K.greedy.jsonl")).First();
        using var reference = JsonDocument.Parse(line);
        string prompt = reference.RootElement.GetProperty("prompt").GetString()!;
        var greedy = reference.RootElement.GetProperty("greedy_ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();

        var (code, output, error) = await CliRun.RunAsync("generate", "--model", model, "--prompt", prompt,
            "--temperature", "0", "--max-tokens", greedy.Length.ToString(), "--threads", "1", "--json");

        Assert.True(code == 0, error);
        using var result = JsonDocument.Parse(output);
        Assert.Equal(reference.RootElement.GetProperty("prompt_ids").EnumerateArray().Select(e => e.GetInt32()),
            result.RootElement.GetProperty("prompt_ids").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(greedy, result.RootElement.GetProperty("output_ids").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(reference.RootElement.GetProperty("greedy_text").GetString(), result.RootElement.GetProperty("text").GetString());
        Assert.True(result.RootElement.GetProperty("timings").GetProperty("decode_tok_s").GetDouble() > 0);
    }

    [Fact]
    public async Task BuiltInModelRunsAndASeedReproduces()
    {
        var first = await CliRun.RunAsync("generate", "--prompt", "Hello", "--max-tokens", "12", "--seed", "5", "--threads", "1", "--json");
        var second = await CliRun.RunAsync("generate", "--prompt", "Hello", "--max-tokens", "12", "--seed", "5", "--threads", "1", "--json");
        Assert.Equal(0, first.ExitCode);
        using var a = JsonDocument.Parse(first.Output);
        using var b = JsonDocument.Parse(second.Output);
        Assert.InRange(a.RootElement.GetProperty("output_ids").GetArrayLength(), 1, 12); // random weights may pick EOS early
        Assert.Equal(a.RootElement.GetProperty("output_ids").ToString(), b.RootElement.GetProperty("output_ids").ToString());
        Assert.Contains("untrained", a.RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public async Task BadInputIsOneClearLineNotAStackTrace()
    {
        var missing = await CliRun.RunAsync("generate", "--model", "/nonexistent/model.gguf", "--prompt", "x");
        Assert.Equal(1, missing.ExitCode);
        Assert.StartsWith("error: ", missing.Error);
        Assert.Contains("/nonexistent/model.gguf", missing.Error);
        Assert.DoesNotContain("   at ", missing.Error);

        string garbage = Path.Combine(Path.GetTempPath(), $"llmlang-garbage-{Guid.NewGuid():N}.gguf");
        File.WriteAllBytes(garbage, [1, 2, 3, 4, 5, 6, 7, 8]);
        try
        {
            var bad = await CliRun.RunAsync("generate", "--model", garbage, "--prompt", "x");
            Assert.Equal(1, bad.ExitCode);
            Assert.Contains(garbage, bad.Error);
            Assert.DoesNotContain("   at ", bad.Error);
        }
        finally
        {
            File.Delete(garbage);
        }
    }
}
