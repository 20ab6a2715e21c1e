using LlmLang.Runtime.Formats;
using LlmLang.TestSupport;

namespace LlmLang.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class ConvertCommandTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("llmlang-convert-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [SkippableFact]
    public async Task ConvertsToHuggingFaceAndOnToQuantisedGguf()
    {
        string model = SharedFixtures.Require("models/gqa260K.bin"), hf = Path.Combine(_temp, "hf"), gguf = Path.Combine(_temp, "m.gguf");
        var toHf = await CliRun.RunAsync("convert", model, hf, "--to", "hf", "--type", "f16");
        Assert.True(toHf.ExitCode == 0, toHf.Error);
        Assert.StartsWith($"wrote {hf} (hf, f16)", toHf.Output);
        var toGguf = await CliRun.RunAsync("convert", hf, gguf, "--to", "gguf", "--type", "q8_0");
        Assert.True(toGguf.ExitCode == 0, toGguf.Error);

        using var original = ModelLoader.Load(model);
        using var converted = ModelLoader.Load(gguf);
        Assert.Equal(original.Config, converted.Config);
        Assert.Equal(original.Tokenizer.Encode("Once upon a time"), converted.Tokenizer.Encode("Once upon a time"));
    }

    [SkippableFact]
    public async Task TypeTheTargetLacksIsAOneLineError()
    {
        var (code, _, error) = await CliRun.RunAsync("convert", SharedFixtures.Require("models/gqa260K.bin"), Path.Combine(_temp, "x"), "--to", "hf", "--type", "q8_0");
        Assert.Equal(1, code);
        Assert.Equal("error: --type q8_0 is not available for --to hf (choose f32, f16, bf16)", error.Trim());
    }

    [Fact]
    public async Task BadInputIsAOneLineErrorNamingTheFile()
    {
        string broken = Path.Combine(_temp, "broken.gguf");
        File.WriteAllText(broken, "GGUF but not really");
        var (code, _, error) = await CliRun.RunAsync("convert", broken, Path.Combine(_temp, "out.gguf"), "--to", "gguf");
        Assert.Equal(1, code);
        Assert.StartsWith($"error: {broken}: ", error);
        Assert.Single(error.Trim().Split('\n'));
    }
}
