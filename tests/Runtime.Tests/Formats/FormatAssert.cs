using LlmLang.Runtime.Models;
using LlmLang.Runtime.Tokenization;
using static TorchSharp.torch;

namespace LlmLang.Runtime.Tests.Formats;

/// <summary>Comparisons shared by the format tests.</summary>
internal static class FormatAssert
{
    // No leading or repeated spaces: llama2.c vocabularies keep them, SentencePiece .model files normalise them away.
    public static readonly string[] Prompts = ["Once upon a time", "The little dog ran to the park, and then?", "héllo wörld 123 ✓ ok"];

    /// <summary>Every tensor of <paramref name="expected"/> equals the same-named tensor of <paramref name="actual"/> bit for bit (or within <paramref name="tolerance"/>).</summary>
    public static void SameWeights(ModelWeights expected, ModelWeights actual, double tolerance = 0)
    {
        Assert.Equal(expected.Names.Order(), actual.Names.Order());
        using var scope = NewDisposeScope(); // no temporary is left to the finalizer (see TensorLifetimeTests)
        foreach (string name in expected.Names)
        {
            var e = expected[name];
            var a = actual[name];
            Assert.True(e.shape.SequenceEqual(a.shape), $"{name}: shape [{string.Join(",", e.shape)}] vs [{string.Join(",", a.shape)}]");
            Assert.Equal(ScalarType.Float32, a.dtype);
            double diff = (e - a).abs().max().item<float>();
            Assert.True(diff <= tolerance, $"{name}: max difference {diff} > {tolerance}");
        }
    }

    /// <summary>Largest absolute difference relative to the tensor's largest magnitude, over all tensors.</summary>
    public static double MaxRelativeError(ModelWeights expected, ModelWeights actual)
    {
        using var scope = NewDisposeScope();
        return expected.Names.Max(n => (expected[n] - actual[n]).abs().max().item<float>() / Math.Max(1e-12, expected[n].abs().max().item<float>()));
    }

    /// <summary>Both tokenizers encode the prompts to the same ids and decode them back.</summary>
    public static void SameEncodings(ITokenizer expected, ITokenizer actual)
    {
        Assert.Equal(expected.VocabSize, actual.VocabSize);
        foreach (string prompt in Prompts)
        {
            var ids = expected.Encode(prompt);
            Assert.Equal(ids, actual.Encode(prompt));
            Assert.Equal(expected.Decode(ids), actual.Decode(ids));
        }
    }
}
