using LlmLang.Runtime.Layers;
using LlmLang.Runtime.Models;
using static TorchSharp.torch;

namespace LlmLang.Runtime.Formats;

/// <summary>
/// Reorders query/key rows between the two RoPE layouts for writing checkpoints (<see cref="Rope.Relayout"/>). Within each
/// head of width d, adjacent pairs keep dimension (2i, 2i+1) together while rotate-half pairs (i, i + d/2); the
/// permutation maps one onto the other, so a model computes the same function in either layout. Works on weights
/// [rows, in] and biases [rows].
/// </summary>
internal static class RopePermutation
{
    /// <summary>A new tensor with the rows of <paramref name="tensor"/> reordered from layout <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static Tensor Convert(Tensor tensor, int heads, RopeLayout from, RopeLayout to)
    {
        if (from == to) return tensor.clone();
        using var scope = NewDisposeScope(); // holds the views until the copy is made
        return Rope.Relayout(tensor, heads, from, to).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>The head count a slot's rows are grouped by (0 for tensors RoPE does not touch).</summary>
    public static int Heads(ModelConfig config, RopeRows rows) => rows switch
    {
        RopeRows.QueryHeads => config.Heads,
        RopeRows.KeyHeads => config.KvHeads,
        _ => 0,
    };
}
