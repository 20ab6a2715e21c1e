using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmLang.Runtime.Formats.Safetensors;

/// <summary>A tensor entry of a safetensors file.</summary>
/// <param name="Name">Tensor name.</param>
/// <param name="DType">Stored type (<c>F32</c>, <c>F16</c>, <c>BF16</c>, …).</param>
/// <param name="Shape">Row-major shape.</param>
/// <param name="Begin">Start offset in the data section.</param>
/// <param name="End">End offset (exclusive) in the data section.</param>
public sealed record SafetensorsEntry(string Name, string DType, long[] Shape, long Begin, long End);

/// <summary>
/// A memory-mapped safetensors file: an 8-byte little-endian header length, a JSON header naming each tensor's dtype,
/// shape and byte range, then the raw data. Tensors are copied once, from the mapping into their own storage.
/// </summary>
public sealed class SafetensorsFile : IDisposable
{
    private const long MaxHeaderBytes = 100L << 20;
    private readonly MemoryMappedFile _map;
    private readonly long _dataStart;

    private SafetensorsFile(string path, MemoryMappedFile map, long dataStart, Dictionary<string, SafetensorsEntry> entries)
    {
        Path = path;
        _map = map;
        _dataStart = dataStart;
        Entries = entries;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>Tensor entries by name.</summary>
    public IReadOnlyDictionary<string, SafetensorsEntry> Entries { get; }

    /// <summary>Opens the file, maps it and parses the header.</summary>
    /// <exception cref="ModelFormatException">The file is missing, truncated, or its header is malformed.</exception>
    public static SafetensorsFile Open(string path)
    {
        if (!File.Exists(path)) throw new ModelFormatException(path, "file not found");
        long length = new FileInfo(path).Length;
        if (length < 8) throw new ModelFormatException(path, $"truncated safetensors file: {length} bytes, shorter than the 8-byte header length");
        var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        try
        {
            long headerLength;
            using (var view = map.CreateViewStream(0, 8, MemoryMappedFileAccess.Read))
            {
                Span<byte> prefix = stackalloc byte[8];
                view.ReadExactly(prefix);
                headerLength = BinaryPrimitives.ReadInt64LittleEndian(prefix);
            }
            if (headerLength <= 0 || headerLength > MaxHeaderBytes || 8 + headerLength > length)
                throw new ModelFormatException(path, $"not a safetensors file or truncated: header length {headerLength}, file length {length}");
            var header = new byte[headerLength];
            using (var view = map.CreateViewStream(8, headerLength, MemoryMappedFileAccess.Read)) view.ReadExactly(header);
            var entries = ParseHeader(path, header, length - 8 - headerLength);
            return new SafetensorsFile(path, map, 8 + headerLength, entries);
        }
        catch
        {
            map.Dispose();
            throw;
        }
    }

    /// <summary>Reads tensor <paramref name="name"/> as float32.</summary>
    /// <exception cref="ModelFormatException">The tensor is absent or of an unsupported type.</exception>
    public Tensor ReadFloat32(string name)
    {
        if (!Entries.TryGetValue(name, out var entry)) throw new ModelFormatException(Path, $"tensor \"{name}\" is missing");
        var type = StorageType(entry.DType)
            ?? throw new ModelFormatException(Path, $"tensor \"{name}\" has dtype {entry.DType}, which is not supported (supported: F32, F16, BF16)");
        using var view = _map.CreateViewStream(_dataStart + entry.Begin, entry.End - entry.Begin, MemoryMappedFileAccess.Read);
        return TensorBytes.ReadFloat32(view, type, entry.Shape);
    }

    /// <summary>The torch type for a safetensors dtype name, or null when unsupported.</summary>
    public static ScalarType? StorageType(string dtype) => dtype switch
    {
        "F32" => ScalarType.Float32,
        "F16" => ScalarType.Float16,
        "BF16" => ScalarType.BFloat16,
        _ => null,
    };

    private static Dictionary<string, SafetensorsEntry> ParseHeader(string path, byte[] header, long dataLength)
    {
        var entries = new Dictionary<string, SafetensorsEntry>(StringComparer.Ordinal);
        try
        {
            using var json = JsonDocument.Parse(header);
            foreach (var property in json.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__") continue;
                var e = property.Value;
                string dtype = e.GetProperty("dtype").GetString() ?? "";
                long[] shape = e.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
                long[] offsets = e.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
                if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0])
                    throw new ModelFormatException(path, $"tensor \"{property.Name}\" has invalid data_offsets [{string.Join(", ", offsets)}]");
                if (offsets[1] > dataLength)
                    throw new ModelFormatException(path, $"truncated: tensor \"{property.Name}\" ends at data byte {offsets[1]} but the data section has {dataLength}");
                if (StorageType(dtype) is { } type && shape.Aggregate(1L, (a, b) => a * b) * TensorBytes.ElementSize(type) != offsets[1] - offsets[0])
                    throw new ModelFormatException(path, $"tensor \"{property.Name}\" ({dtype} {ModelTensors.Describe(shape)}) does not fit its {offsets[1] - offsets[0]} bytes");
                entries[property.Name] = new SafetensorsEntry(property.Name, dtype, shape, offsets[0], offsets[1]);
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw new ModelFormatException(path, $"malformed safetensors header: {e.Message}", e);
        }
        return entries;
    }

    /// <inheritdoc />
    public void Dispose() => _map.Dispose();
}
