using System.Buffers.Binary;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmLang.Runtime.Formats.Gguf;

/// <summary>GGML's Q8_0 quantisation: blocks of 32 values stored as a float16 scale d and 32 int8 q, value = d * q.</summary>
internal static class Q8_0
{
    /// <summary>Reads quantised values from <paramref name="source"/> into a float32 tensor of <paramref name="shape"/>
    /// (rows are whole blocks), a slab of rows at a time.</summary>
    public static Tensor Dequantize(Stream source, long[] shape)
    {
        var result = empty(shape, ScalarType.Float32);
        try
        {
            var block = new byte[GgufTensorTypes.Q8BlockBytes];
            foreach (var (start, rows) in TensorBytes.Slabs(shape, 4))
            {
                using var slab = shape.Length < 2 ? result.alias() : result.narrow(0, start, rows);
                var values = MemoryMarshal.Cast<byte, float>(slab.bytes);
                for (int at = 0; at < values.Length; at += GgufTensorTypes.Q8Block)
                {
                    source.ReadExactly(block);
                    float d = (float)BinaryPrimitives.ReadHalfLittleEndian(block);
                    for (int i = 0; i < GgufTensorTypes.Q8Block; i++) values[at + i] = d * (sbyte)block[2 + i];
                }
            }
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
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
