using System.Buffers.Binary;
using static TorchSharp.torch;

namespace LlmLang.Runtime.Formats.Gguf;

/// <summary>GGML's Q8_0 quantisation: blocks of 32 values stored as a float16 scale d and 32 int8 q, value = d * q.</summary>
internal static class Q8_0
{
    /// <summary>Reads <paramref name="elements"/> quantised values from <paramref name="source"/> into a float32 tensor.</summary>
    public static Tensor Dequantize(Stream source, long[] shape, long elements)
    {
        var values = new float[elements];
        var block = new byte[GgufTensorTypes.Q8BlockBytes];
        for (long b = 0; b < elements / GgufTensorTypes.Q8Block; b++)
        {
            source.ReadExactly(block);
            float d = (float)BinaryPrimitives.ReadHalfLittleEndian(block);
            long at = b * GgufTensorTypes.Q8Block;
            for (int i = 0; i < GgufTensorTypes.Q8Block; i++) values[at + i] = d * (sbyte)block[2 + i];
        }
        return TensorBytes.FromFloats(values, shape);
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
