using System.Text;
using LlmLang.Runtime.Models;
using LlmLang.Runtime.Tokenization;
using static TorchSharp.torch;

namespace LlmLang.Runtime.Formats.Gguf;

/// <summary>
/// Writes GGUF v3 models that llama.cpp and <see cref="GgufModelReader"/> read: llama.cpp's tensor names and metadata
/// keys, the vocabulary as <c>tokenizer.ggml.*</c>. Llama and Mistral are written as arch <c>llama</c> with q/k in the
/// adjacent-pairs layout, Qwen2 as arch <c>qwen2</c> in rotate-half (llama.cpp's conventions). Norm weights and biases stay
/// F32; with Q8_0, matrices whose rows are not whole blocks of 32 fall back to F16.
/// </summary>
public static class GgufWriter
{
    private const int Alignment = 32;

    /// <summary>Writes <paramref name="weights"/> (in <paramref name="config"/>'s layout) to <paramref name="path"/> with matrices
    /// stored as <paramref name="type"/>; <paramref name="generation"/>'s sampling settings become <c>general.sampling.*</c>.</summary>
    public static void Write(string path, ModelConfig config, ModelWeights weights, TokenizerSpec tokenizer, GenerationDefaults generation,
        GgufTensorType type, string name)
    {
        string arch = config.Architecture == "qwen2" ? "qwen2" : "llama";
        var layout = arch == "qwen2" ? RopeLayout.RotateHalf : RopeLayout.AdjacentPairs;
        var metadata = Metadata(config, arch, type, name)
            .Concat(GgufSamplingMetadata.Write(generation))
            .Concat(GgufRopeScaling.Write(config.RopeScaling, arch))
            .Concat(GgufTokenizerMetadata.Write(Padded(tokenizer, config.VocabSize)))
            .ToList();

        var plan = new List<(TensorSlot Slot, GgufTensorType Type, long Offset)>();
        long offset = 0;
        var slots = ModelTensors.For(config).ToList();
        var factors = GgufRopeScaling.Factors(config);
        if (factors is not null) slots.Add(new TensorSlot(GgufRopeScaling.FactorsTensor, [factors.Length], GgufRopeScaling.FactorsTensor, "", RopeRows.None));
        foreach (var slot in slots)
        {
            var stored = StoredType(slot.Shape, type);
            plan.Add((slot, stored, offset));
            offset = Align(offset + GgufTensorTypes.ByteSize(stored, slot.Shape.Aggregate(1L, (a, b) => a * b)));
        }

        using var stream = new BufferedStream(File.Create(path), 1 << 20);
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(GgufFile.Magic);
        writer.Write(3u);
        writer.Write((ulong)plan.Count);
        writer.Write((ulong)metadata.Count);
        foreach (var (key, value) in metadata)
        {
            WriteString(writer, key);
            WriteValue(writer, value);
        }
        foreach (var (slot, stored, at) in plan)
        {
            WriteString(writer, slot.GgufName);
            writer.Write((uint)slot.Shape.Length);
            foreach (long d in slot.Shape.Reverse()) writer.Write((ulong)d);
            writer.Write((uint)stored);
            writer.Write((ulong)at);
        }
        writer.Flush();
        Pad(stream);
        foreach (var (slot, stored, _) in plan)
        {
            using var tensor = slot.Name == GgufRopeScaling.FactorsTensor ? TensorBytes.FromFloats(factors, slot.Shape)
                : RopePermutation.Convert(weights[slot.Name], RopePermutation.Heads(config, slot.Rope), slot.Rope == RopeRows.None ? layout : config.RopeLayout, layout);
            WriteTensor(stream, tensor, stored);
            Pad(stream);
        }
    }

    private static IEnumerable<KeyValuePair<string, object>> Metadata(ModelConfig c, string arch, GgufTensorType type, string name)
    {
        yield return new("general.architecture", arch);
        yield return new("general.name", name);
        yield return new("general.alignment", (uint)Alignment);
        // llama.cpp's llama_ftype: ALL_F32 0, MOSTLY_F16 1, MOSTLY_Q8_0 7, MOSTLY_BF16 32.
        yield return new("general.file_type", type switch { GgufTensorType.F16 => 1u, GgufTensorType.Q8_0 => 7u, GgufTensorType.BF16 => 32u, _ => 0u });
        yield return new($"{arch}.vocab_size", (uint)c.VocabSize);
        yield return new($"{arch}.context_length", (uint)c.MaxSeqLen);
        yield return new($"{arch}.embedding_length", (uint)c.Dim);
        yield return new($"{arch}.feed_forward_length", (uint)c.HiddenDim);
        yield return new($"{arch}.block_count", (uint)c.Layers);
        yield return new($"{arch}.attention.head_count", (uint)c.Heads);
        yield return new($"{arch}.attention.head_count_kv", (uint)c.KvHeads);
        yield return new($"{arch}.attention.key_length", (uint)c.HeadSize);
        yield return new($"{arch}.attention.value_length", (uint)c.HeadSize);
        yield return new($"{arch}.rope.dimension_count", (uint)c.HeadSize);
        yield return new($"{arch}.rope.freq_base", c.RopeTheta);
        yield return new($"{arch}.attention.layer_norm_rms_epsilon", c.RmsNormEps);
    }

    // llama.cpp requires one token per embedding row; checkpoints whose embedding is padded (e.g. Qwen2) get unused
    // [PADn] tokens, as llama.cpp's own converter writes them.
    private static TokenizerSpec Padded(TokenizerSpec spec, int vocabSize)
    {
        int missing = vocabSize - spec.Tokens.Count;
        if (missing <= 0) return spec;
        return spec with
        {
            Tokens = [.. spec.Tokens, .. Enumerable.Range(spec.Tokens.Count, missing).Select(i => $"[PAD{i}]")],
            Scores = spec.Scores is null ? null : [.. spec.Scores, .. Enumerable.Repeat(0f, missing)],
            Types = [.. spec.Types, .. Enumerable.Repeat(TokenType.Unused, missing)],
        };
    }

    private static GgufTensorType StoredType(long[] shape, GgufTensorType requested) => (shape.Length, requested) switch
    {
        (1, _) => GgufTensorType.F32,
        (_, GgufTensorType.Q8_0) when shape[^1] % GgufTensorTypes.Q8Block != 0 => GgufTensorType.F16,
        _ => requested,
    };

    private static void WriteTensor(Stream stream, Tensor tensor, GgufTensorType type)
    {
        switch (type)
        {
            case GgufTensorType.F32: TensorBytes.Write(stream, tensor, ScalarType.Float32); break;
            case GgufTensorType.F16: TensorBytes.Write(stream, tensor, ScalarType.Float16); break;
            case GgufTensorType.BF16: TensorBytes.Write(stream, tensor, ScalarType.BFloat16); break;
            default: TensorBytes.ForEachSlab(tensor, values => Q8_0.Quantize(stream, values)); break;
        }
    }

    private static long Align(long offset) => (offset + Alignment - 1) / Alignment * Alignment;

    private static void Pad(Stream stream)
    {
        long padding = Align(stream.Position) - stream.Position;
        for (long i = 0; i < padding; i++) stream.WriteByte(0);
    }

    private static void WriteString(BinaryWriter writer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }

    private static void WriteValue(BinaryWriter writer, object value)
    {
        switch (value)
        {
            case string s: writer.Write((uint)GgufValueType.String); WriteString(writer, s); break;
            case uint u: writer.Write((uint)GgufValueType.UInt32); writer.Write(u); break;
            case float f: writer.Write((uint)GgufValueType.Float32); writer.Write(f); break;
            case bool b: writer.Write((uint)GgufValueType.Bool); writer.Write(b); break;
            case string[] strings: WriteArray(writer, GgufValueType.String, strings, s => WriteString(writer, s)); break;
            case float[] floats: WriteArray(writer, GgufValueType.Float32, floats, writer.Write); break;
            case int[] ints: WriteArray(writer, GgufValueType.Int32, ints, writer.Write); break;
            default: throw new ArgumentException($"no GGUF encoding for {value.GetType().Name}", nameof(value));
        }
    }

    private static void WriteArray<T>(BinaryWriter writer, GgufValueType type, T[] values, Action<T> write)
    {
        writer.Write((uint)GgufValueType.Array);
        writer.Write((uint)type);
        writer.Write((ulong)values.Length);
        foreach (var v in values) write(v);
    }
}
