using System.IO.Compression;
using System.Reflection;

namespace LlmLang.Runtime.Tokenization;

/// <summary>
/// OpenAI's tiktoken vocabularies. The raw bytes of every rank come from the Microsoft.ML.Tokenizers data packages'
/// embedded <c>*.tiktoken.deflate</c> resources (the library itself exposes only lossy decoded strings).
/// </summary>
public static class Tiktoken
{
    private static readonly Lazy<ITokenizer> s_cl100k = new(() => Create("Microsoft.ML.Tokenizers.Data.Cl100kBase",
        "cl100k_base.tiktoken.deflate", "cl100k",
        [("<|endoftext|>", 100257), ("<|fim_prefix|>", 100258), ("<|fim_middle|>", 100259), ("<|fim_suffix|>", 100260), ("<|endofprompt|>", 100276)]));

    private static readonly Lazy<ITokenizer> s_o200k = new(() => Create("Microsoft.ML.Tokenizers.Data.O200kBase",
        "o200k_base.tiktoken.deflate", "o200k",
        [("<|endoftext|>", 199999), ("<|endofprompt|>", 200018)]));

    /// <summary>The <c>cl100k_base</c> tokenizer (GPT-3.5/4); EOS is <c>&lt;|endoftext|&gt;</c>, no BOS.</summary>
    public static ITokenizer Cl100k() => s_cl100k.Value;

    /// <summary>The <c>o200k_base</c> tokenizer (GPT-4o); EOS is <c>&lt;|endoftext|&gt;</c>, no BOS.</summary>
    public static ITokenizer O200k() => s_o200k.Value;

    /// <summary>The raw bytes of each rank in a data package's resource, in rank order.</summary>
    internal static List<byte[]> ReadRanks(string assemblyName, string resourceName)
    {
        Assembly assembly = Assembly.Load(assemblyName);
        string name = assembly.GetManifestResourceNames().SingleOrDefault(n => n.EndsWith(resourceName, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"{assemblyName} has no embedded resource {resourceName}");
        using var reader = new StreamReader(new DeflateStream(assembly.GetManifestResourceStream(name)!, CompressionMode.Decompress));
        var ranks = new List<byte[]>();
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            if (line.Length == 0 || line.StartsWith("Capacity:", StringComparison.Ordinal)) continue;
            ranks.Add(Convert.FromBase64String(line.Split(' ')[0]));
        }
        return ranks;
    }

    private static ITokenizer Create(string assemblyName, string resourceName, string pattern, (string Text, int Id)[] specials)
    {
        List<byte[]> ranks = ReadRanks(assemblyName, resourceName);
        int size = Math.Max(ranks.Count, specials.Max(s => s.Id) + 1);
        var tokens = new string[size];
        var types = new TokenType[size];
        for (int id = 0; id < size; id++)
        {
            (tokens[id], types[id]) = id < ranks.Count
                ? (ByteUnicodeMap.Encode(ranks[id]), TokenType.Normal)
                : ($"<|unused_{id}|>", TokenType.Unused);
        }
        foreach (var (text, id) in specials) (tokens[id], types[id]) = (text, TokenType.Control);
        var spec = new TokenizerSpec(TokenizerKind.ByteLevelBpe, tokens, Scores: null, types, Merges: null,
            BosId: null, EosIds: [specials[0].Id], UnknownId: null, PaddingId: null, AddBos: false, PreTokenizer: pattern, ChatTemplate: null)
        {
            IgnoreMerges = true,
        };
        return new ByteLevelBpeTokenizer(spec);
    }
}
