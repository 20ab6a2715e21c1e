using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmLang.Runtime.Formats;

/// <summary>
/// Moves raw little-endian tensor data between files and CPU tensors. Data goes straight into the tensor's own storage
/// (float32) or through one bounded staging block (f16/bf16), a slab of rows at a time, so tensors beyond 2 GiB work too.
/// Each slab's views and conversions live in a dispose scope, so none is left to the finalizer (which can free a
/// temporary while a native call still reads it, and crash the process).
/// </summary>
internal static class TensorBytes
{
    private const long SlabBytes = 64L << 20;

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
        var result = empty(shape, ScalarType.Float32);
        try
        {
            foreach (var (start, rows) in Slabs(shape, ElementSize(stored)))
            {
                using var scope = NewDisposeScope();
                var slab = Rows(result, start, rows);
                if (stored == ScalarType.Float32)
                {
                    source.ReadExactly(slab.bytes);
                    continue;
                }
                var raw = empty(slab.shape, stored);
                source.ReadExactly(raw.bytes);
                slab.copy_(raw);
            }
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    /// <summary>A float32 tensor from data already in memory (e.g. dequantised values).</summary>
    public static Tensor FromFloats(ReadOnlySpan<float> values, long[] shape)
    {
        var t = empty(shape, ScalarType.Float32);
        values.CopyTo(MemoryMarshal.Cast<byte, float>(t.bytes));
        return t;
    }

    /// <summary>Writes <paramref name="tensor"/> converted to <paramref name="stored"/> type to <paramref name="destination"/>.</summary>
    public static void Write(Stream destination, Tensor tensor, ScalarType stored)
    {
        foreach (var (start, rows) in Slabs(tensor.shape, 4))
        {
            using var scope = NewDisposeScope();
            destination.Write(Rows(tensor, start, rows).to(stored).contiguous().bytes);
        }
    }

    /// <summary>Calls <paramref name="write"/> with the float32 values of <paramref name="tensor"/>, a slab of whole rows at a time.</summary>
    public static void ForEachSlab(Tensor tensor, Action<ReadOnlySpan<float>> write)
    {
        foreach (var (start, rows) in Slabs(tensor.shape, 4))
        {
            using var scope = NewDisposeScope();
            var values = Rows(tensor, start, rows).to(ScalarType.Float32).contiguous();
            write(MemoryMarshal.Cast<byte, float>(values.bytes));
        }
    }

    /// <summary>Row ranges (along the first dimension) of at most <see cref="SlabBytes"/> each; one range for 1-D tensors.</summary>
    public static IEnumerable<(long Start, long Rows)> Slabs(long[] shape, int elementSize)
    {
        if (shape.Length < 2)
        {
            yield return (0, shape.Length == 0 ? 1 : shape[0]);
            yield break;
        }
        long rowBytes = Math.Max(1, shape.Skip(1).Aggregate(1L, (a, b) => a * b) * elementSize);
        long perSlab = Math.Max(1, SlabBytes / rowBytes);
        for (long start = 0; start < shape[0]; start += perSlab) yield return (start, Math.Min(perSlab, shape[0] - start));
    }

    private static Tensor Rows(Tensor t, long start, long rows) => t.dim() < 2 ? t.alias() : t.narrow(0, start, rows);
}
