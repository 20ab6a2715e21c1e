namespace LlmLang.Runtime.Tokenization;

/// <summary>A BPE merge rule spelled <c>"left right"</c>, as in <c>tokenizer.json</c> and GGUF <c>tokenizer.ggml.merges</c>.</summary>
internal static class MergeRule
{
    /// <summary>Splits a rule at its single separating space.</summary>
    /// <exception cref="ArgumentException">The rule has no separating space.</exception>
    public static (string Left, string Right) Parse(string rule, int rank)
    {
        int space = rule.IndexOf(' ', 1);
        if (space <= 0 || space == rule.Length - 1)
            throw new ArgumentException($"merge {rank} \"{rule}\" is not two tokens separated by a space");
        return (rule[..space], rule[(space + 1)..]);
    }

    /// <summary>Spells a rule.</summary>
    public static string Format(string left, string right) => left + " " + right;
}
