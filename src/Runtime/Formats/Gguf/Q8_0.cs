using System.Buffers.Binary;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmLang.Runtime.Formats.Gguf;

/// <summary>GGML's Q8_0 quantisation: blocks of 32 values stored as a float16 scale d and 32 int8 q, value = d * q.</summary>
internal static class Q8_0
{
    /// <summary>Reads quantised values from <paramref name="source"/> into a float32 tensor of <paramref name="shape"/>
    /// (rows are whole blocks), a slab of rows at a time, with the scaling done as tensor operations.</summary>
    public static Tensor Dequantize(Stream source, long[] shape)
    {
        var result = empty(shape, ScalarType.Float32);
        try
        {
            foreach (var (start, rows) in TensorBytes.Slabs(shape, 4))
            {
                using var scope = NewDisposeScope();
                var slab = shape.Length < 2 ? result.alias() : result.narrow(0, start, rows);
                long blocks = slab.numel() / GgufTensorTypes.Q8Block;
                var raw = empty([blocks, GgufTensorTypes.Q8BlockBytes], ScalarType.Byte);
                var scales = empty([blocks, 1], ScalarType.Float16);
                var quants = empty([blocks, GgufTensorTypes.Q8Block], ScalarType.Int8);
                source.ReadExactly(raw.bytes);
                Split(raw.bytes, scales.bytes, quants.bytes);
                slab.view(blocks, GgufTensorTypes.Q8Block).copy_(quants.to(ScalarType.Float32).mul_(scales.to(ScalarType.Float32)));
            }
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    // Separates interleaved blocks into their scales and their int8 values.
    private static void Split(ReadOnlySpan<byte> raw, Span<byte> scales, Span<byte> quants)
    {
        for (int b = 0, at = 0; at < raw.Length; b++, at += GgufTensorTypes.Q8BlockBytes)
        {
            raw.Slice(at, 2).CopyTo(scales.Slice(b * 2));
            raw.Slice(at + 2, GgufTensorTypes.Q8Block).CopyTo(quants.Slice(b * GgufTensorTypes.Q8Block));
        }
    }

    /// <summary>Writes <paramref name="values"/> (a whole number of blocks) as Q8_0, scaling each block by its largest magnitude over 127.</summary>
    public static void Quantize(Stream destination, ReadOnlySpan<float> values)
    {
        var block = new byte[GgufTensorTypes.Q8BlockBytes];
        for (int start = 0; start < values.Length; start += GgufTensorTypes.Q8Block)
        {
            var x = values.Slice(start, GgufTensorTypes.Q8Block);
            float amax = 0;
            foreach (float v in x) amax = Math.Max(amax, Math.Abs(v));
            float d = amax / 127f, inverse = d > 0 ? 1f / d : 0f;
            BinaryPrimitives.WriteHalfLittleEndian(block, (Half)d);
            for (int i = 0; i < x.Length; i++) block[2 + i] = (byte)(sbyte)Math.Round(x[i] * inverse, MidpointRounding.AwayFromZero);
            destination.Write(block);
        }
    }
}
