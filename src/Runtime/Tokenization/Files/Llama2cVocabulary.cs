using System.Buffers.Binary;
using System.Text;

namespace LlmLang.Runtime.Tokenization;

/// <summary>The llama2.c tokenizer <c>.bin</c>: int32 max_token_length, then per piece float32 score, int32 length, bytes.</summary>
public static class Llama2cVocabulary
{
    private static readonly UTF8Encoding s_strictUtf8 = new(false, true);

    /// <summary>Reads the vocabulary; <paramref name="vocabSize"/> (from the checkpoint header) limits how many pieces
    /// are read, otherwise pieces are read to the end of the file. llama2.c conventions apply: id 0 unknown, BOS 1,
    /// EOS 2, byte pieces <c>&lt;0xNN&gt;</c>, BOS added to prompts.</summary>
    /// <exception cref="TokenizerFormatException">The file is missing or truncated.</exception>
    public static TokenizerSpec Read(string path, int? vocabSize = null)
    {
        byte[] data = TokenizerFile.ReadAllBytes(path);
        if (data.Length < 4) throw new TokenizerFormatException(path, $"truncated llama2.c tokenizer: {data.Length} bytes, no header");
        int maxLength = BinaryPrimitives.ReadInt32LittleEndian(data);
        if (maxLength <= 0) throw new TokenizerFormatException(path, $"not a llama2.c tokenizer: max_token_length is {maxLength}");
        var tokens = new List<string>();
        var scores = new List<float>();
        var types = new List<TokenType>();
        int offset = 4;
        while (vocabSize is int n ? tokens.Count < n : offset < data.Length)
        {
            int index = tokens.Count;
            if (data.Length - offset < 8)
                throw new TokenizerFormatException(path, $"truncated at piece {index} (byte offset {offset}): expected a score and a length" + Expected(vocabSize));
            float score = BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(offset));
            int length = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(offset + 4));
            offset += 8;
            if (length < 0 || length > data.Length - offset)
                throw new TokenizerFormatException(path, $"truncated at piece {index} (byte offset {offset}): length {length} but {data.Length - offset} bytes left" + Expected(vocabSize));
            string text;
            try
            {
                text = s_strictUtf8.GetString(data, offset, length);
            }
            catch (DecoderFallbackException)
            {
                throw new TokenizerFormatException(path, $"piece {index} (byte offset {offset}) is not valid UTF-8");
            }
            offset += length;
            var (piece, type) = Classify(index, text);
            tokens.Add(piece);
            scores.Add(score);
            types.Add(type);
        }
        if (tokens.Count < 3) throw new TokenizerFormatException(path, $"only {tokens.Count} pieces; a llama2.c vocabulary has <unk>, <s>, </s> first");
        return new TokenizerSpec(TokenizerKind.SentencePieceBpe, tokens, scores, types, Merges: null,
            BosId: 1, EosIds: [2], UnknownId: 0, PaddingId: null, AddBos: true, PreTokenizer: null, ChatTemplate: null);
    }

    private static string Expected(int? vocabSize) => vocabSize is int n ? $" (the model expects {n} pieces)" : "";

    // llama2.c's exporter writes pieces with spaces for U+2581 and BOS/EOS wrapped in newlines; restore SentencePiece spelling.
    private static (string Piece, TokenType Type) Classify(int index, string text) => (index, text) switch
    {
        (0, _) => (text, TokenType.Unknown),
        (1, "\n<s>\n") => ("<s>", TokenType.Control),
        (2, "\n</s>\n") => ("</s>", TokenType.Control),
        (1 or 2, _) => (text, TokenType.Control),
        _ when SentencePieceBpeTokenizer.ParseBytePiece(text) is not null => (text, TokenType.Byte),
        _ => (text.Replace(' ', '\u2581'), TokenType.Normal),
    };
}
