using System.Text.Json;
using static TorchSharp.torch;

namespace LlmLang.Runtime.Formats.Safetensors;

/// <summary>
/// The tensors of a Hugging Face folder: <c>model.safetensors</c>, or the shards that <c>model.safetensors.index.json</c>
/// maps each tensor to. Shards are opened (memory-mapped) once, on first use.
/// </summary>
public sealed class SafetensorsCheckpoint : IDisposable
{
    /// <summary>The single-file name.</summary>
    public const string SingleFile = "model.safetensors";

    /// <summary>The shard index name.</summary>
    public const string IndexFile = "model.safetensors.index.json";

    private readonly string _folder;
    private readonly Dictionary<string, string> _fileOf;
    private readonly Dictionary<string, SafetensorsFile> _open = new(StringComparer.Ordinal);

    private SafetensorsCheckpoint(string folder, Dictionary<string, string> fileOf)
    {
        _folder = folder;
        _fileOf = fileOf;
    }

    /// <summary>Tensor names across all shards.</summary>
    public IEnumerable<string> Names => _fileOf.Keys;

    /// <summary>Opens the checkpoint in <paramref name="folder"/>.</summary>
    /// <exception cref="ModelFormatException">Neither file exists, the index is malformed, or a shard is missing.</exception>
    public static SafetensorsCheckpoint Open(string folder)
    {
        string index = Path.Combine(folder, IndexFile), single = Path.Combine(folder, SingleFile);
        if (File.Exists(index)) return new SafetensorsCheckpoint(folder, ReadIndex(folder, index));
        if (!File.Exists(single)) throw new ModelFormatException(folder, $"no {SingleFile} or {IndexFile}");
        var checkpoint = new SafetensorsCheckpoint(folder, []);
        var file = checkpoint.Shard(SingleFile);
        foreach (string name in file.Entries.Keys) checkpoint._fileOf[name] = SingleFile;
        return checkpoint;
    }

    /// <summary>Whether the checkpoint has tensor <paramref name="name"/>.</summary>
    public bool Contains(string name) => _fileOf.ContainsKey(name);

    /// <summary>The stored shape of tensor <paramref name="name"/>.</summary>
    public long[] Shape(string name) => Entry(name).Shape;

    /// <summary>Reads tensor <paramref name="name"/> as float32.</summary>
    public Tensor ReadFloat32(string name) => Shard(FileOf(name)).ReadFloat32(name);

    private SafetensorsEntry Entry(string name)
    {
        var file = Shard(FileOf(name));
        return file.Entries.TryGetValue(name, out var e) ? e
            : throw new ModelFormatException(file.Path, $"tensor \"{name}\" is missing (the index places it in this shard)");
    }

    private string FileOf(string name) =>
        _fileOf.TryGetValue(name, out var f) ? f : throw new ModelFormatException(_folder, $"tensor \"{name}\" is missing");

    private SafetensorsFile Shard(string relative)
    {
        if (!_open.TryGetValue(relative, out var file)) _open[relative] = file = SafetensorsFile.Open(Path.Combine(_folder, relative));
        return file;
    }

    private static Dictionary<string, string> ReadIndex(string folder, string index)
    {
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(index));
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in json.RootElement.GetProperty("weight_map").EnumerateObject())
            {
                string shard = entry.Value.GetString() ?? "";
                if (shard.Length == 0 || Path.IsPathRooted(shard) || shard.Contains("..", StringComparison.Ordinal))
                    throw new ModelFormatException(index, $"tensor \"{entry.Name}\" maps to invalid shard \"{shard}\"");
                if (!File.Exists(Path.Combine(folder, shard)))
                    throw new ModelFormatException(index, $"shard \"{shard}\" (holding \"{entry.Name}\") is missing");
                map[entry.Name] = shard;
            }
            return map;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new ModelFormatException(index, $"malformed shard index: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var file in _open.Values) file.Dispose();
        _open.Clear();
    }
}
