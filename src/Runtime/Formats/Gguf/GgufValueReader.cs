using System.Text;

namespace LlmLang.Runtime.Formats.Gguf;

/// <summary>Reads GGUF's typed metadata values: arrays become typed .NET arrays, corrupt lengths become clear errors.</summary>
internal static class GgufValueReader
{
    private const long MaxStringBytes = 1L << 30;

    /// <summary>A uint64 count or offset, refused when it cannot be real.</summary>
    public static long Count(string path, ulong value, string what) =>
        value <= long.MaxValue / 2 ? (long)value : throw new ModelFormatException(path, $"{what} is {value}; the file is corrupt");

    /// <summary>A uint64-length-prefixed UTF-8 string.</summary>
    public static string ReadString(string path, BinaryReader reader)
    {
        ulong length = reader.ReadUInt64();
        if (length > MaxStringBytes) throw new ModelFormatException(path, $"a string of {length} bytes; the file is corrupt");
        // A corrupt length must not allocate what the file cannot hold.
        if ((long)length > Remaining(reader)) throw new EndOfStreamException();
        var bytes = reader.ReadBytes((int)length);
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>One value of <paramref name="type"/>.</summary>
    public static object ReadValue(string path, BinaryReader reader, GgufValueType type, string key) => type switch
    {
        GgufValueType.UInt8 => reader.ReadByte(),
        GgufValueType.Int8 => reader.ReadSByte(),
        GgufValueType.UInt16 => reader.ReadUInt16(),
        GgufValueType.Int16 => reader.ReadInt16(),
        GgufValueType.UInt32 => reader.ReadUInt32(),
        GgufValueType.Int32 => reader.ReadInt32(),
        GgufValueType.Float32 => reader.ReadSingle(),
        GgufValueType.Bool => reader.ReadByte() != 0,
        GgufValueType.String => ReadString(path, reader),
        GgufValueType.UInt64 => reader.ReadUInt64(),
        GgufValueType.Int64 => reader.ReadInt64(),
        GgufValueType.Float64 => reader.ReadDouble(),
        GgufValueType.Array => ReadArray(path, reader, key),
        _ => throw new ModelFormatException(path, $"metadata \"{key}\" has unknown value type {(uint)type}"),
    };

    private static Array ReadArray(string path, BinaryReader reader, string key)
    {
        var type = (GgufValueType)reader.ReadUInt32();
        long count = Count(path, reader.ReadUInt64(), $"length of \"{key}\"");
        if (count > int.MaxValue / 8) throw new ModelFormatException(path, $"metadata \"{key}\" claims {count} elements; the file is corrupt");
        if (count > Remaining(reader)) throw new EndOfStreamException();
        return type switch
        {
            GgufValueType.String => Fill(count, () => ReadString(path, reader)),
            GgufValueType.Float32 => Fill(count, reader.ReadSingle),
            GgufValueType.Int32 => Fill(count, reader.ReadInt32),
            GgufValueType.UInt32 => Fill(count, reader.ReadUInt32),
            GgufValueType.Int64 => Fill(count, reader.ReadInt64),
            GgufValueType.UInt64 => Fill(count, reader.ReadUInt64),
            GgufValueType.Int16 => Fill(count, reader.ReadInt16),
            GgufValueType.UInt16 => Fill(count, reader.ReadUInt16),
            GgufValueType.Int8 => Fill(count, reader.ReadSByte),
            GgufValueType.UInt8 => Fill(count, reader.ReadByte),
            GgufValueType.Float64 => Fill(count, reader.ReadDouble),
            GgufValueType.Bool => Fill(count, () => reader.ReadByte() != 0),
            _ => throw new ModelFormatException(path, $"metadata \"{key}\" is an array of unsupported type {(uint)type}"),
        };
    }

    private static T[] Fill<T>(long count, Func<T> read)
    {
        var values = new T[count];
        for (long i = 0; i < count; i++) values[i] = read();
        return values;
    }

    private static long Remaining(BinaryReader reader) => reader.BaseStream.Length - reader.BaseStream.Position;
}
