using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmLang.Runtime.Formats.Safetensors;

/// <summary>Writes safetensors files (header padded to 8 bytes, as the reference implementation does).</summary>
public static class SafetensorsWriter
{
    /// <summary>Writes <paramref name="tensors"/> converted to <paramref name="dtype"/> (<c>F32</c>, <c>F16</c> or <c>BF16</c>).</summary>
    public static void Write(string path, IReadOnlyList<(string Name, Tensor Tensor)> tensors, string dtype)
    {
        var type = SafetensorsFile.StorageType(dtype) ?? throw new ArgumentException($"dtype \"{dtype}\" is not supported (supported: F32, F16, BF16)", nameof(dtype));
        int size = TensorBytes.ElementSize(type);
        var header = new JsonObject { ["__metadata__"] = new JsonObject { ["format"] = "pt" } };
        long offset = 0;
        foreach (var (name, tensor) in tensors)
        {
            long bytes = tensor.numel() * size;
            header[name] = new JsonObject
            {
                ["dtype"] = dtype,
                ["shape"] = new JsonArray(tensor.shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + bytes),
            };
            offset += bytes;
        }
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        int padded = (json.Length + 7) / 8 * 8;
        using var stream = new BufferedStream(File.Create(path), 1 << 20);
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(prefix, padded);
        stream.Write(prefix);
        stream.Write(json);
        for (int i = json.Length; i < padded; i++) stream.WriteByte((byte)' ');
        foreach (var (_, tensor) in tensors) TensorBytes.Write(stream, tensor, type);
    }

    /// <summary>Bytes one tensor takes in <paramref name="dtype"/>.</summary>
    public static long ByteSize(Tensor tensor, string dtype) =>
        tensor.numel() * TensorBytes.ElementSize(SafetensorsFile.StorageType(dtype) ?? ScalarType.Float32);
}
