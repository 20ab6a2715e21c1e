using System.Buffers.Binary;
using System.Text;

namespace LlmLang.Runtime.Tokenization;

/// <summary>
/// A SentencePiece <c>.model</c> (a protobuf <c>ModelProto</c>) read into a <see cref="TokenizerSpec"/>: the pieces with
/// scores and types, the special ids from the trainer spec, the dummy-prefix and extra-whitespace flags from the normalizer spec.
/// Only BPE models with the identity normalization (Llama, llama2.c, Mistral) are accepted.
/// </summary>
public static class SentencePieceModel
{
    /// <summary>Reads the model file.</summary>
    /// <exception cref="TokenizerFormatException">The file is missing, malformed, or not a BPE model with identity normalization.</exception>
    public static TokenizerSpec Read(string path)
    {
        byte[] data = TokenizerFile.ReadAllBytes(path);
        try
        {
            return Parse(data, path);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or IndexOutOfRangeException or DecoderFallbackException or OverflowException)
        {
            throw new TokenizerFormatException(path, "malformed or truncated SentencePiece model", e);
        }
    }

    private static TokenizerSpec Parse(byte[] data, string path)
    {
        var tokens = new List<string>();
        var scores = new List<float>();
        var types = new List<TokenType>();
        long modelType = 1, unkId = 0, bosId = 1, eosId = 2, padId = -1;
        bool addDummyPrefix = true, removeExtraWhitespaces = true;
        string normalizer = "";
        foreach (var (field, value, bytes) in Fields(data))
        {
            switch (field)
            {
                case 1:
                    var (piece, score, type) = ParsePiece(bytes);
                    tokens.Add(piece);
                    scores.Add(score);
                    types.Add(type);
                    break;
                case 2:
                    foreach (var (f, v, _) in Fields(bytes))
                    {
                        switch (f)
                        {
                            case 3: modelType = v; break;
                            case 40: unkId = (int)v; break;
                            case 41: bosId = (int)v; break;
                            case 42: eosId = (int)v; break;
                            case 43: padId = (int)v; break;
                        }
                    }
                    break;
                case 3:
                    foreach (var (f, v, b) in Fields(bytes))
                    {
                        if (f == 1) normalizer = Encoding.UTF8.GetString(b);
                        else if (f == 3) addDummyPrefix = v != 0;
                        else if (f == 4) removeExtraWhitespaces = v != 0;
                    }
                    break;
            }
        }
        if (tokens.Count == 0) throw new TokenizerFormatException(path, "not a SentencePiece model: no pieces");
        if (modelType != 2) throw new TokenizerFormatException(path, $"SentencePiece model type {modelType} is not supported (supported: 2, BPE)");
        if (normalizer is not ("" or "identity"))
            throw new TokenizerFormatException(path, $"SentencePiece normalization \"{normalizer}\" is not supported (supported: identity)");
        int? Id(long id) => id >= 0 && id < tokens.Count ? (int)id : null;
        return new TokenizerSpec(TokenizerKind.SentencePieceBpe, tokens, scores, types, Merges: null,
            Id(bosId), Id(eosId) is int eos ? [eos] : [], Id(unkId), Id(padId), AddBos: Id(bosId) is not null, PreTokenizer: null, ChatTemplate: null)
        {
            AddSpacePrefix = addDummyPrefix,
            RemoveExtraWhitespaces = removeExtraWhitespaces,
        };
    }

    private static (string Piece, float Score, TokenType Type) ParsePiece(byte[] message)
    {
        string piece = "";
        float score = 0;
        var type = TokenType.Normal;
        foreach (var (f, v, b) in Fields(message))
        {
            if (f == 1) piece = new UTF8Encoding(false, true).GetString(b);
            else if (f == 2) score = BitConverter.Int32BitsToSingle((int)v);
            else if (f == 3) type = (TokenType)v;
        }
        return (piece, score, type);
    }

    // Protobuf wire format: (field number, varint or fixed value, length-delimited payload).
    private static IEnumerable<(int Field, long Value, byte[] Bytes)> Fields(byte[] message)
    {
        int offset = 0;
        while (offset < message.Length)
        {
            long key = ReadVarint(message, ref offset);
            int field = (int)(key >> 3);
            switch (key & 7)
            {
                case 0:
                    yield return (field, ReadVarint(message, ref offset), []);
                    break;
                case 1:
                    yield return (field, BinaryPrimitives.ReadInt64LittleEndian(message.AsSpan(offset, 8)), []);
                    offset += 8;
                    break;
                case 2:
                    int length = checked((int)ReadVarint(message, ref offset));
                    yield return (field, 0, message.AsSpan(offset, length).ToArray());
                    offset += length;
                    break;
                case 5:
                    yield return (field, BinaryPrimitives.ReadInt32LittleEndian(message.AsSpan(offset, 4)), []);
                    offset += 4;
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(message), $"unknown protobuf wire type {key & 7}");
            }
        }
    }

    private static long ReadVarint(byte[] data, ref int offset)
    {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = data[offset++];
            value |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw new ArgumentOutOfRangeException(nameof(data), "varint too long");
    }
}
