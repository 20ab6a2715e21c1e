using LlmLang.Runtime.Formats;
using LlmLang.Runtime.Formats.Gguf;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmLang.Runtime.Tests.Formats;

/// <summary>Tensors larger than one 64 MiB slab are read and written in several slabs without seams.</summary>
public sealed class TensorBytesTests
{
    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.BFloat16)]
    public void MultiSlabTensorsRoundTrip(ScalarType stored)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(5);
        var original = randn(4200, 4096, generator: generator);
        Assert.True(TensorBytes.Slabs(original.shape, 4).Count() > 1);
        using var buffer = new MemoryStream();
        TensorBytes.Write(buffer, original, stored);
        Assert.Equal(original.numel() * TensorBytes.ElementSize(stored), buffer.Length);
        buffer.Position = 0;
        var back = TensorBytes.ReadFloat32(buffer, stored, original.shape);
        var expected = original.to(stored).to(ScalarType.Float32);
        Assert.True(back.equal(expected).all().item<bool>());
    }

    [Fact]
    public void MultiSlabQ8_0RoundTripIsWithinHalfAStep()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(6);
        var original = randn(4200, 4096, generator: generator);
        using var buffer = new MemoryStream();
        TensorBytes.ForEachSlab(original, values => Q8_0.Quantize(buffer, values));
        Assert.Equal(original.numel() / 32 * 34, buffer.Length);
        buffer.Position = 0;
        var back = Q8_0.Dequantize(buffer, original.shape);
        // Per block the step d is max|x|/127: rounding costs half a step, storing d as f16 up to 127 * d * 2^-11 more.
        // Compared on the host: tensor-scalar arithmetic would pass temporary Scalars that the finalizer may free mid-call.
        float[] blockMax = original.reshape(-1, 32).abs().amax([1]).data<float>().ToArray();
        float[] worst = (back - original).reshape(-1, 32).abs().amax([1]).data<float>().ToArray();
        int over = Enumerable.Range(0, blockMax.Length).FirstOrDefault(b => worst[b] > blockMax[b] / 127 * 0.57 + 1e-6, -1);
        Assert.True(over < 0, over < 0 ? "" : $"block {over}: error {worst[over]}, max |x| {blockMax[over]}");
    }
}
