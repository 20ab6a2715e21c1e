using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmLang.Runtime.Formats.Gguf;

/// <summary>
/// A GGUF v2/v3 file opened for reading: metadata (arrays become typed .NET arrays), tensor entries, and tensors
/// dequantised to float32 on demand. Little-endian files only.
/// </summary>
public sealed class GgufFile : IDisposable
{
    /// <summary>The file's first four bytes.</summary>
    public const uint Magic = 0x46554747; // "GGUF"

    private readonly FileStream _stream;
    private readonly long _dataStart;

    private GgufFile(string path, FileStream stream, int version, Dictionary<string, object> metadata, List<GgufTensorInfo> tensors, long dataStart)
    {
        Path = path;
        _stream = stream;
        Version = version;
        Metadata = metadata;
        Tensors = tensors.ToDictionary(t => t.Name);
        _dataStart = dataStart;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>Format version (2 or 3).</summary>
    public int Version { get; }

    /// <summary>Metadata by key: string, bool, numbers as their stored .NET type, arrays as typed arrays (string[], float[], int[], …).</summary>
    public IReadOnlyDictionary<string, object> Metadata { get; }

    /// <summary>Tensor entries by name.</summary>
    public IReadOnlyDictionary<string, GgufTensorInfo> Tensors { get; }

    /// <summary>Opens and parses the header.</summary>
    /// <exception cref="ModelFormatException">Missing file, wrong magic, unsupported version, truncation or malformed entries.</exception>
    public static GgufFile Open(string path)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ModelFormatException(path, "file not found", e);
        }
        try
        {
            return Parse(path, stream);
        }
        catch (EndOfStreamException e)
        {
            long length = stream.Length;
            stream.Dispose();
            throw new ModelFormatException(path, $"truncated GGUF header: the file ends at byte {length}", e);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private static GgufFile Parse(string path, FileStream stream)
    {
        var reader = new BinaryReader(new BufferedStream(stream, 1 << 16), Encoding.UTF8, leaveOpen: true);
        if (stream.Length < 4) throw new ModelFormatException(path, $"not a GGUF file: only {stream.Length} bytes");
        uint magic = reader.ReadUInt32();
        if (magic != Magic)
            throw new ModelFormatException(path, $"not a GGUF file: magic is 0x{magic:X8}, expected 0x{Magic:X8} (\"GGUF\")");
        uint version = reader.ReadUInt32();
        if (version is not (2 or 3))
            throw new ModelFormatException(path, $"GGUF version {version} is not supported (supported: 2, 3)");
        long tensorCount = GgufValueReader.Count(path, reader.ReadUInt64(), "tensor count");
        long kvCount = GgufValueReader.Count(path, reader.ReadUInt64(), "metadata count");
        var metadata = new Dictionary<string, object>(StringComparer.Ordinal);
        for (long i = 0; i < kvCount; i++)
        {
            string key = GgufValueReader.ReadString(path, reader);
            var type = (GgufValueType)reader.ReadUInt32();
            metadata[key] = GgufValueReader.ReadValue(path, reader, type, key);
        }
        var tensors = new List<GgufTensorInfo>();
        for (long i = 0; i < tensorCount; i++)
        {
            string name = GgufValueReader.ReadString(path, reader);
            uint dimCount = reader.ReadUInt32();
            if (dimCount is 0 or > 4) throw new ModelFormatException(path, $"tensor \"{name}\" has {dimCount} dimensions (GGUF allows 1 to 4)");
            var dims = new long[dimCount];
            for (int d = 0; d < dimCount; d++) dims[d] = GgufValueReader.Count(path, reader.ReadUInt64(), $"dimension of tensor \"{name}\"");
            if (dims.Aggregate(1.0, (a, b) => a * b) > 1e15) throw new ModelFormatException(path, $"tensor \"{name}\" has dimensions [{string.Join(", ", dims)}]; the file is corrupt");
            tensors.Add(new GgufTensorInfo(name, dims, reader.ReadUInt32(), GgufValueReader.Count(path, reader.ReadUInt64(), $"offset of tensor \"{name}\"")));
        }
        long alignment = metadata.TryGetValue("general.alignment", out var a) ? Convert.ToInt64(a) : 32;
        if (alignment <= 0 || (alignment & (alignment - 1)) != 0)
            throw new ModelFormatException(path, $"general.alignment is {alignment}; it must be a power of two");
        long headerEnd = reader.BaseStream.Position;
        long dataStart = (headerEnd + alignment - 1) / alignment * alignment;
        return new GgufFile(path, stream, (int)version, metadata, tensors, dataStart);
    }

    /// <summary>Reads a tensor as float32 in row-major shape (<see cref="GgufTensorInfo.Shape"/>).</summary>
    /// <exception cref="ModelFormatException">Unsupported type, bad block size, or data beyond the end of the file.</exception>
    public Tensor ReadTensor(GgufTensorInfo info)
    {
        if (!GgufTensorTypes.IsSupported(info.Type))
            throw new ModelFormatException(Path,
                $"tensor \"{info.Name}\" has type {GgufTensorTypes.Name(info.Type)}, which is not supported (supported: F32, F16, BF16, Q8_0)");
        var type = (GgufTensorType)info.Type;
        if (type == GgufTensorType.Q8_0 && info.Dims[0] % GgufTensorTypes.Q8Block != 0)
            throw new ModelFormatException(Path, $"tensor \"{info.Name}\" is Q8_0 but its rows of {info.Dims[0]} are not whole blocks of {GgufTensorTypes.Q8Block}");
        long bytes = GgufTensorTypes.ByteSize(type, info.Elements), start = _dataStart + info.Offset;
        if (start + bytes > _stream.Length)
            throw new ModelFormatException(Path,
                $"truncated: tensor \"{info.Name}\" needs bytes {start}..{start + bytes} but the file has {_stream.Length}");
        _stream.Position = start;
        return type switch
        {
            GgufTensorType.F32 => TensorBytes.ReadFloat32(_stream, ScalarType.Float32, info.Shape),
            GgufTensorType.F16 => TensorBytes.ReadFloat32(_stream, ScalarType.Float16, info.Shape),
            GgufTensorType.BF16 => TensorBytes.ReadFloat32(_stream, ScalarType.BFloat16, info.Shape),
            _ => Q8_0.Dequantize(_stream, info.Shape),
        };
    }

    /// <summary>A metadata value, or null when absent.</summary>
    public object? Get(string key) => Metadata.TryGetValue(key, out var v) ? v : null;

    /// <summary>A string value, or null when absent; fails when present with another type.</summary>
    public string? GetString(string key) => Get(key) switch
    {
        null => null,
        string s => s,
        var other => throw WrongType(key, "a string", other),
    };

    /// <summary>An integer value of any integer type, or null when absent.</summary>
    public long? GetInteger(string key) => Get(key) switch
    {
        null => null,
        var v when v is byte or sbyte or ushort or short or uint or int or ulong or long => Convert.ToInt64(v),
        var other => throw WrongType(key, "an integer", other),
    };

    /// <summary>A float value (float32, float64 or integer), or null when absent.</summary>
    public double? GetFloat(string key) => Get(key) switch
    {
        null => null,
        float f => f,
        double d => d,
        var other when other is byte or sbyte or ushort or short or uint or int or ulong or long => Convert.ToDouble(other),
        var other => throw WrongType(key, "a number", other),
    };

    /// <summary>A bool value, or null when absent.</summary>
    public bool? GetBool(string key) => Get(key) switch
    {
        null => null,
        bool b => b,
        var other => throw WrongType(key, "a bool", other),
    };

    /// <summary>A typed array value, or null when absent.</summary>
    public T[]? GetArray<T>(string key) => Get(key) switch
    {
        null => null,
        T[] array => array,
        var other => throw WrongType(key, $"an array of {typeof(T).Name}", other),
    };

    /// <summary>An array of integers of any integer type, widened to int, or null when absent.</summary>
    public int[]? GetIntArray(string key) => Get(key) switch
    {
        null => null,
        Array array when array.GetType().GetElementType() is { } e && e != typeof(string) && e != typeof(float) && e != typeof(double) && e != typeof(bool)
            => array.Cast<object>().Select(Convert.ToInt32).ToArray(),
        var other => throw WrongType(key, "an array of integers", other),
    };

    private ModelFormatException WrongType(string key, string wanted, object actual) =>
        new(Path, $"metadata \"{key}\" should be {wanted} but is {actual.GetType().Name}");

    /// <inheritdoc />
    public void Dispose() => _stream.Dispose();
}
