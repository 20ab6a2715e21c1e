namespace LlmLang.Runtime.Formats.Gguf;

/// <summary>A tensor entry of a GGUF file.</summary>
/// <param name="Name">Tensor name, e.g. <c>blk.0.attn_q.weight</c>.</param>
/// <param name="Dims">Dimensions as stored: innermost first (<c>Dims[0]</c> is the row length).</param>
/// <param name="Type">Storage type number (see <see cref="GgufTensorType"/>).</param>
/// <param name="Offset">Byte offset from the start of the data section.</param>
public sealed record GgufTensorInfo(string Name, long[] Dims, uint Type, long Offset)
{
    /// <summary>The shape in row-major (PyTorch) order: outermost first.</summary>
    public long[] Shape => Dims.Reverse().ToArray();

    /// <summary>Number of values.</summary>
    public long Elements => Dims.Aggregate(1L, (a, b) => a * b);
}
