using LlmLang.Runtime.Formats;
using LlmLang.Runtime.Tokenization;
using LlmLang.TestSupport;

namespace LlmLang.Runtime.Tests.Formats;

/// <summary>Damaged files of every format end in a clear error naming the file, never another exception or a hang.</summary>
public sealed class CorruptFileTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [SkippableTheory]
    [InlineData("gqa260K.gguf")]
    [InlineData("gqa260K.bin")]
    public void EveryTruncationIsReported(string fixture)
    {
        var bytes = File.ReadAllBytes(SharedFixtures.Require("models/" + fixture));
        File.Copy(SharedFixtures.Require("models/tok512.bin"), _temp["tokenizer.bin"]);
        foreach (int length in new[] { 0, 3, 4, 7, 8, 24, 28, 100, 1000, 5000, 14000, 14042, 20000, bytes.Length / 2, bytes.Length - 1 })
        {
            string path = _temp[$"cut{length}" + Path.GetExtension(fixture)];
            File.WriteAllBytes(path, bytes[..length]);
            var e = Assert.Throws<ModelFormatException>(() => ModelLoader.Load(path));
            Assert.StartsWith(path + ": ", e.Message);
        }
    }

    [SkippableFact]
    public void FlippedGgufHeaderBytesLoadOrFailClearly()
    {
        var bytes = File.ReadAllBytes(SharedFixtures.Require("models/gqa260K.gguf"));
        var random = new Random(11);
        for (int trial = 0; trial < 120; trial++)
        {
            var copy = (byte[])bytes.Clone();
            copy[random.Next(4, 14042)] = (byte)random.Next(256);
            AssertLoadsOrFailsClearly(copy, $"flip{trial}.gguf");
        }
    }

    [Fact]
    public void FlippedSafetensorsHeaderBytesLoadOrFailClearly()
    {
        using var model = SyntheticModels.Create(SyntheticModels.Qwen2());
        ModelConverter.Convert(model, _temp["hf"], ModelFormat.HuggingFace);
        string file = Path.Combine(_temp["hf"], "model.safetensors");
        var bytes = File.ReadAllBytes(file);
        long headerEnd = 8 + BitConverter.ToInt64(bytes);
        var random = new Random(12);
        for (int trial = 0; trial < 60; trial++)
        {
            var copy = (byte[])bytes.Clone();
            copy[random.Next(0, (int)headerEnd)] = (byte)random.Next(256);
            File.WriteAllBytes(file, copy);
            try
            {
                ModelLoader.Load(_temp["hf"]).Dispose();
            }
            catch (ModelFormatException e)
            {
                Assert.Contains(_temp["hf"], e.Message);
            }
        }
    }

    private void AssertLoadsOrFailsClearly(byte[] content, string name)
    {
        string path = _temp[name];
        File.WriteAllBytes(path, content);
        try
        {
            ModelLoader.Load(path).Dispose();
        }
        catch (ModelFormatException e)
        {
            Assert.StartsWith(path + ": ", e.Message);
        }
        catch (TokenizerFormatException)
        {
            // The vocabulary in the metadata was damaged; the tokenizer names its problem.
        }
    }
}
