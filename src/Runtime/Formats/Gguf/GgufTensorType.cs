namespace LlmLang.Runtime.Formats.Gguf;

/// <summary>GGML tensor storage types this project reads or writes (numbered as in the file).</summary>
public enum GgufTensorType : uint
{
    /// <summary>float32.</summary>
    F32 = 0,
    /// <summary>float16.</summary>
    F16 = 1,
    /// <summary>Blocks of 32 values: a float16 scale and 32 int8.</summary>
    Q8_0 = 8,
    /// <summary>bfloat16.</summary>
    BF16 = 30,
}

/// <summary>Sizes and names of GGML tensor types.</summary>
internal static class GgufTensorTypes
{
    /// <summary>Values per Q8_0 block.</summary>
    public const int Q8Block = 32;

    /// <summary>Bytes per Q8_0 block: a float16 scale and 32 int8.</summary>
    public const int Q8BlockBytes = 2 + Q8Block;

    // GGML's numbering of the types we do not read, so errors can name them.
    private static readonly string[] s_names =
    [
        "F32", "F16", "Q4_0", "Q4_1", "Q4_2", "Q4_3", "Q5_0", "Q5_1", "Q8_0", "Q8_1", "Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K", "Q8_K",
        "IQ2_XXS", "IQ2_XS", "IQ3_XXS", "IQ1_S", "IQ4_NL", "IQ3_S", "IQ2_S", "IQ4_XS", "I8", "I16", "I32", "I64", "F64", "IQ1_M", "BF16",
    ];

    /// <summary>Whether this reader handles <paramref name="type"/>.</summary>
    public static bool IsSupported(uint type) => Enum.IsDefined((GgufTensorType)type);

    /// <summary>GGML's name for a type number.</summary>
    public static string Name(uint type) => type < s_names.Length ? s_names[type] : $"type {type}";

    /// <summary>Bytes a tensor of <paramref name="elements"/> values takes in <paramref name="type"/>.</summary>
    public static long ByteSize(GgufTensorType type, long elements) => type switch
    {
        GgufTensorType.F32 => elements * 4,
        GgufTensorType.F16 or GgufTensorType.BF16 => elements * 2,
        GgufTensorType.Q8_0 => elements / Q8Block * Q8BlockBytes,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}
