using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmLang.Runtime.Formats;

/// <summary>Moves raw little-endian tensor data between files and CPU tensors, with one copy into the tensor's own storage.</summary>
internal static class TensorBytes
{
    /// <summary>Bytes per element of the storage types the readers accept.</summary>
    public static int ElementSize(ScalarType type) => type switch
    {
        ScalarType.Float32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unsupported storage type"),
    };

    /// <summary>Reads <paramref name="shape"/> elements of <paramref name="stored"/> type from <paramref name="source"/> and returns a float32 tensor.</summary>
    public static Tensor ReadFloat32(Stream source, ScalarType stored, long[] shape)
    {
        var raw = empty(shape, stored);
        try
        {
            source.ReadExactly(Span(raw));
            if (stored == ScalarType.Float32) return raw;
            using (raw) return raw.to(ScalarType.Float32);
        }
        catch
        {
            raw.Dispose();
            throw;
        }
    }

    /// <summary>A float32 tensor from data already in memory (e.g. dequantised values).</summary>
    public static Tensor FromFloats(ReadOnlySpan<float> values, long[] shape)
    {
        var t = empty(shape, ScalarType.Float32);
        values.CopyTo(MemoryMarshal.Cast<byte, float>(Span(t)));
        return t;
    }

    /// <summary>Writes <paramref name="tensor"/> converted to <paramref name="stored"/> type to <paramref name="destination"/>.</summary>
    public static void Write(Stream destination, Tensor tensor, ScalarType stored)
    {
        using var converted = tensor.to(stored).contiguous();
        destination.Write(Span(converted));
    }

    /// <summary>The float32 values of a tensor (a copy).</summary>
    public static float[] ToFloats(Tensor tensor)
    {
        using var c = tensor.to(ScalarType.Float32).contiguous();
        return MemoryMarshal.Cast<byte, float>(Span(c)).ToArray();
    }

    private static Span<byte> Span(Tensor t) => t.bytes;
}
