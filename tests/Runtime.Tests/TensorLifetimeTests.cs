using LlmLang.Runtime.Engine;
using LlmLang.Runtime.Formats;
using LlmLang.Runtime.Formats.Gguf;
using LlmLang.Runtime.Models;
using LlmLang.Runtime.Tests.Formats;
using LlmLang.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmLang.Runtime.Tests;

/// <summary>
/// Every tensor the runtime creates is disposed by its owner or by a dispose scope, never left to the finalizer.
/// TorchSharp passes raw handles to native calls, so a temporary that is unreachable during a call can be finalized
/// while libtorch still reads it: the process dies with a segfault (seen in CI, and reproduced in seconds by chaining
/// calls on temporaries while another thread collects). TorchSharp counts, per thread, the tensors created and
/// disposed; after each operation below and disposing what it returned, none may be left alive on this thread.
/// </summary>
public class TensorLifetimeTests
{
    private static readonly ModelConfig Config = new("llama", 32, 64, 2, 4, 2, 89, 96);

    private static void LeavesNoTensorAlive(Action operation)
    {
        var statistics = DisposeScopeManager.Statistics;
        statistics.Reset();
        operation();
        Assert.True(statistics.TensorStatistics.ThreadTotalLiveCount == 0,
            $"tensors left to the finalizer: {statistics.TensorStatistics}");
    }

    [Fact]
    public void RandomWeightsCreateAndDispose() => LeavesNoTensorAlive(() => RandomWeights.Create(Config, seed: 1).Dispose());

    [Fact]
    public void ModelBuildForwardAndDispose()
    {
        using var weights = RandomWeights.Create(Config, seed: 2);
        LeavesNoTensorAlive(() =>
        {
            using var model = new Transformer(Config, weights);
            using var cache = new KvCache(Config, 16, model.Device);
            model.Forward([new SequenceChunk([1, 2, 3], 0, [0, 1, 2], LogitsWanted.All)], cache)!.Dispose();
            model.Forward([new SequenceChunk([4], 3, [0, 1, 2, 3])], cache)!.Dispose();
        });
    }

    [Fact]
    public void RopePermutationBothWays()
    {
        using var rows = randn(3 * 8, 5);
        LeavesNoTensorAlive(() =>
        {
            using var adjacent = RopePermutation.Convert(rows, 3, RopeLayout.RotateHalf, RopeLayout.AdjacentPairs);
            RopePermutation.Convert(adjacent, 3, RopeLayout.AdjacentPairs, RopeLayout.RotateHalf).Dispose();
        });
    }

    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.BFloat16)]
    public void TensorBytesWriteAndRead(ScalarType stored)
    {
        using var values = randn(40, 16);
        LeavesNoTensorAlive(() =>
        {
            using var buffer = new MemoryStream();
            TensorBytes.Write(buffer, values, stored);
            buffer.Position = 0;
            TensorBytes.ReadFloat32(buffer, stored, values.shape).Dispose();
        });
    }

    [Fact]
    public void Q8_0QuantizeAndDequantize()
    {
        using var values = randn(40, 64);
        LeavesNoTensorAlive(() =>
        {
            using var buffer = new MemoryStream();
            TensorBytes.ForEachSlab(values, slab => Q8_0.Quantize(buffer, slab));
            buffer.Position = 0;
            Q8_0.Dequantize(buffer, values.shape).Dispose();
        });
    }

    [SkippableTheory]
    [InlineData("models/gqa260K.bin")]
    [InlineData("models/gqa260K.gguf")]
    public void LoadFixture(string fixture)
    {
        string path = SharedFixtures.Require(fixture);
        LeavesNoTensorAlive(() => ModelLoader.Load(path).Dispose());
    }

    [Theory]
    [InlineData(ModelFormat.Gguf, "q8_0")]
    [InlineData(ModelFormat.HuggingFace, "bf16")]
    public void ConvertAndLoad(ModelFormat format, string type)
    {
        using var temp = new TempFolder();
        LeavesNoTensorAlive(() =>
        {
            using (var model = SyntheticModels.Create(SyntheticModels.Qwen2())) ModelConverter.Convert(model, temp["m"], format, type);
            ModelLoader.Load(temp["m"]).Dispose();
        });
    }
}
