using TorchSharp;

namespace LlmLang.Runtime.Layers;

/// <summary>
/// Scalars the forward pass passes to libtorch, alive for the whole process. TorchSharp's temporary Scalars (an
/// implicit <c>1</c> for <c>add</c>'s alpha, a float converted on the fly) are not rooted during the native call, so the
/// finalizer can free one while libtorch reads it: seen as random "Expected false to be true ... Scalar.h" or "Unknown
/// scalar type" failures under load (<c>square()</c> is <c>pow(2)</c> with such a temporary). Hot paths therefore pass
/// these instead, or avoid Scalars altogether.
/// </summary>
internal static class Scalars
{
    /// <summary>1, for <c>add(other, alpha)</c>.</summary>
    public static readonly Scalar One = 1.ToScalar();
}
