using LlmLang.Grammar.Vocabulary;
using LlmLang.Runtime.Tokenization;

namespace LlmLang.Runtime.Backend;

/// <summary>What the grammar engine needs of a tokenizer: every token's raw bytes, its control tokens and EOS ids.</summary>
public static class GrammarVocabulary
{
    /// <summary>The grammar engine's vocabulary of <paramref name="tokenizer"/>: control tokens special, EOS as the tokenizer says.</summary>
    public static TokenVocabulary Of(ITokenizer tokenizer, string name = "tokenizer")
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        var bytes = new byte[]?[tokenizer.VocabSize];
        var special = new List<int>();
        for (int id = 0; id < bytes.Length; id++)
        {
            if (tokenizer.IsSpecial(id)) special.Add(id);
            else bytes[id] = tokenizer.TokenBytes(id).ToArray();
        }
        return new TokenVocabulary(bytes, special, tokenizer.EosIds, name);
    }
}
