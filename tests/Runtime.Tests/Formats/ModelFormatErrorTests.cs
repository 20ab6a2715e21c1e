using System.Buffers.Binary;
using System.Text.Json.Nodes;
using LlmLang.Runtime.Formats;
using LlmLang.Runtime.Formats.Safetensors;
using LlmLang.TestSupport;

namespace LlmLang.Runtime.Tests.Formats;

public sealed class ModelFormatErrorTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void UnknownHuggingFaceArchitectureIsNamed()
    {
        string folder = WriteHf();
        EditConfig(folder, c => c["architectures"] = new JsonArray("foo"));
        var e = Assert.Throws<ModelFormatException>(() => ModelLoader.Load(folder));
        Assert.Equal($"{Path.Combine(folder, "config.json")}: architecture \"foo\" is not supported (supported: llama, mistral, qwen2)", e.Message);
    }

    [SkippableFact]
    public void UnknownGgufArchitectureIsNamed()
    {
        string path = Copy("gqa260K.gguf", bytes => BytePatch.Replace(bytes, BytePatch.LengthPrefixed("llama"), BytePatch.LengthPrefixed("foo")));
        var e = Assert.Throws<ModelFormatException>(() => ModelLoader.Load(path));
        Assert.Equal($"{path}: architecture \"foo\" is not supported (supported: llama, mistral, qwen2)", e.Message);
    }

    [SkippableFact]
    public void TruncatedLlama2cCheckpoint()
    {
        string path = Copy("gqa260K.bin", bytes => bytes[..(bytes.Length / 2)], "gqa260K.bin");
        File.Copy(SharedFixtures.Require("models/tok512.bin"), _temp["tokenizer.bin"]);
        var e = Assert.Throws<ModelFormatException>(() => ModelLoader.Load(path));
        Assert.StartsWith($"{path}: truncated llama2.c checkpoint: {new FileInfo(path).Length} bytes", e.Message);
    }

    [SkippableFact]
    public void TruncatedGgufData()
    {
        string path = Copy("gqa260K.gguf", bytes => bytes[..(bytes.Length - 1000)]);
        var e = Assert.Throws<ModelFormatException>(() => ModelLoader.Load(path));
        Assert.StartsWith($"{path}: truncated: tensor \"", e.Message);
    }

    [SkippableFact]
    public void TruncatedGgufHeader()
    {
        string path = Copy("gqa260K.gguf", bytes => bytes[..300]);
        var e = Assert.Throws<ModelFormatException>(() => ModelLoader.Load(path));
        Assert.Equal($"{path}: truncated GGUF header: the file ends at byte 300", e.Message);
    }

    [SkippableFact]
    public void WrongGgufMagic()
    {
        string path = Copy("gqa260K.gguf", bytes => [.. "GGML"u8, .. bytes[4..]]);
        var e = Assert.Throws<ModelFormatException>(() => ModelLoader.Load(path));
        Assert.Equal($"{path}: not a GGUF file: the magic \"GGUF\" is missing", e.Message);
        var direct = Assert.Throws<ModelFormatException>(() => Runtime.Formats.Gguf.GgufFile.Open(path));
        Assert.Equal($"{path}: not a GGUF file: magic is 0x4C4D4747, expected 0x46554747 (\"GGUF\")", direct.Message);
    }

    [SkippableFact]
    public void GgufVersion2ReadsLikeVersion3AndVersion1IsRefused()
    {
        using var v3 = ModelLoader.Load(SharedFixtures.Require("models/gqa260K.gguf"));
        string v2Path = Copy("gqa260K.gguf", bytes => { bytes[4] = 2; return bytes; }, "v2.gguf");
        using (var v2 = ModelLoader.Load(v2Path))
        {
            Assert.Equal(v3.Config, v2.Config);
            FormatAssert.SameWeights(v3.Weights, v2.Weights);
        }
        string v1Path = Copy("gqa260K.gguf", bytes => { bytes[4] = 1; return bytes; }, "v1.gguf");
        var e = Assert.Throws<ModelFormatException>(() => ModelLoader.Load(v1Path));
        Assert.Equal($"{v1Path}: GGUF version 1 is not supported (supported: 2, 3)", e.Message);
    }

    [SkippableFact]
    public void UnsupportedGgufTensorType()
    {
        // The tensor entry is the name, n_dims (u32), two u64 dims, then the type (u32): make it Q4_K (12).
        string path = Copy("gqa260K.gguf", bytes =>
        {
            int at = BytePatch.IndexOf(bytes, BytePatch.LengthPrefixed("blk.0.attn_q.weight")) + 8 + "blk.0.attn_q.weight".Length + 4 + 16;
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), 12);
            return bytes;
        });
        var e = Assert.Throws<ModelFormatException>(() => ModelLoader.Load(path));
        Assert.Equal($"{path}: tensor \"blk.0.attn_q.weight\" has type Q4_K, which is not supported (supported: F32, F16, BF16, Q8_0)", e.Message);
    }

    [Fact]
    public void ShapeMismatchBetweenTensorAndConfig()
    {
        string folder = WriteHf();
        EditConfig(folder, c => c["intermediate_size"] = 100);
        var e = Assert.Throws<ModelFormatException>(() => ModelLoader.Load(folder));
        Assert.Equal($"{folder}: tensor \"model.layers.0.mlp.gate_proj.weight\" has shape [96, 64] but the config implies [100, 64] (rows, columns)", e.Message);
    }

    [Fact]
    public void MissingTensor()
    {
        string folder = WriteHf();
        string file = Path.Combine(folder, SafetensorsCheckpoint.SingleFile);
        var kept = new List<(string, TorchSharp.torch.Tensor)>();
        using (var st = SafetensorsFile.Open(file))
            foreach (string name in st.Entries.Keys.Where(n => n != "model.norm.weight")) kept.Add((name, st.ReadFloat32(name)));
        SafetensorsWriter.Write(file, kept, "F32");
        foreach (var (_, t) in kept) t.Dispose();
        var e = Assert.Throws<ModelFormatException>(() => ModelLoader.Load(folder));
        Assert.Equal($"{folder}: tensor \"model.norm.weight\" is missing", e.Message);
    }

    [Fact]
    public void TruncatedSafetensors()
    {
        string folder = WriteHf();
        string file = Path.Combine(folder, SafetensorsCheckpoint.SingleFile);
        File.WriteAllBytes(file, File.ReadAllBytes(file)[..5000]);
        var e = Assert.Throws<ModelFormatException>(() => ModelLoader.Load(folder));
        Assert.StartsWith($"{file}: truncated: tensor \"", e.Message);
    }

    [Fact]
    public void MissingShard()
    {
        using var model = SyntheticModels.Create(SyntheticModels.Qwen2());
        string folder = _temp["sharded"];
        ModelConverter.Convert(model, folder, ModelFormat.HuggingFace, maxShardBytes: 40_000);
        string second = Path.GetFileName(Directory.GetFiles(folder, "model-00002-of-*.safetensors").Single());
        File.Delete(Path.Combine(folder, second));
        var e = Assert.Throws<ModelFormatException>(() => ModelLoader.Load(folder));
        Assert.Contains($"{Path.Combine(folder, SafetensorsCheckpoint.IndexFile)}: shard \"{second}\"", e.Message);
        Assert.EndsWith("is missing", e.Message);
    }

    [Fact]
    public void MissingHuggingFaceTokenizer()
    {
        string folder = WriteHf();
        File.Delete(Path.Combine(folder, "tokenizer.json"));
        var e = Assert.Throws<ModelFormatException>(() => ModelLoader.Load(folder));
        Assert.Equal($"{folder}: no tokenizer: neither tokenizer.json nor tokenizer.model is present", e.Message);
    }

    [SkippableFact]
    public void MissingLlama2cTokenizer()
    {
        string path = Copy("gqa260K.bin", b => b, "gqa260K.bin");
        var e = Assert.Throws<ModelFormatException>(() => ModelLoader.Load(path));
        Assert.StartsWith($"{path}: tokenizer not found: no tokenizer.bin and no gqa*tok*.bin or tok*.bin with 512 pieces", e.Message);
    }

    [SkippableFact]
    public void AmbiguousLlama2cTokenizer()
    {
        string path = Copy("gqa260K.bin", b => b, "gqa260K.bin");
        File.Copy(SharedFixtures.Require("models/tok512.bin"), _temp["tok512.bin"]);
        File.Copy(SharedFixtures.Require("models/tok512.bin"), _temp["tokens-512.bin"]);
        var e = Assert.Throws<ModelFormatException>(() => ModelLoader.Load(path));
        Assert.Equal($"{path}: tokenizer is ambiguous: tok512.bin, tokens-512.bin all have 512 pieces; name one (--tokenizer PATH)", e.Message);
    }

    [Fact]
    public void MissingModel()
    {
        string path = _temp["nothing.gguf"];
        var e = Assert.Throws<ModelFormatException>(() => ModelLoader.Load(path));
        Assert.Equal($"{path}: no such file or folder", e.Message);
    }

    [Fact]
    public void ConvertRejectsTypesTheTargetLacks()
    {
        using var model = SyntheticModels.Create(SyntheticModels.Qwen2());
        var e = Assert.Throws<ArgumentException>(() => ModelConverter.Convert(model, _temp["x"], ModelFormat.HuggingFace, "q8_0"));
        Assert.StartsWith("type \"q8_0\" is not supported for Hugging Face (supported: f32, f16, bf16)", e.Message);
    }

    private string WriteHf()
    {
        using var model = SyntheticModels.Create(SyntheticModels.Qwen2());
        string folder = _temp["hf"];
        ModelConverter.Convert(model, folder, ModelFormat.HuggingFace);
        return folder;
    }

    private static void EditConfig(string folder, Action<JsonObject> edit)
    {
        string path = Path.Combine(folder, "config.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(json);
        File.WriteAllText(path, json.ToJsonString());
    }

    private string Copy(string fixture, Func<byte[], byte[]> change, string? name = null)
    {
        string path = _temp[name ?? "broken-" + fixture];
        File.WriteAllBytes(path, change(File.ReadAllBytes(SharedFixtures.Require("models/" + fixture))));
        return path;
    }
}
