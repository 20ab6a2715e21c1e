using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlmLang.Runtime.Tokenization;

/// <summary>
/// Writes a <see cref="TokenizerSpec"/> as Hugging Face <c>tokenizer.json</c> + <c>tokenizer_config.json</c>.
/// SentencePiece-style vocabularies become a BPE model with byte fallback and the U+2581 normalizer, with merges
/// derived from the scores (every split of a piece into two pieces, best-scored piece first).
/// </summary>
internal static class TokenizerJsonWriter
{
    private const string SpaceMarker = "\u2581";

    public static void Write(TokenizerSpec spec, string directory)
    {
        Directory.CreateDirectory(directory);
        var options = new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        File.WriteAllText(Path.Combine(directory, "tokenizer.json"), TokenizerJsonNode(spec).ToJsonString(options));
        File.WriteAllText(Path.Combine(directory, "tokenizer_config.json"), ConfigNode(spec).ToJsonString(options));
    }

    private static JsonObject TokenizerJsonNode(TokenizerSpec spec)
    {
        bool sentencePiece = spec.Kind == TokenizerKind.SentencePieceBpe;
        var added = new JsonArray();
        var vocab = new JsonObject();
        for (int id = 0; id < spec.Tokens.Count; id++)
        {
            TokenType type = spec.Types[id];
            bool literal = type is TokenType.Control or TokenType.UserDefined || (sentencePiece && type == TokenType.Unknown);
            if (literal)
            {
                added.Add(new JsonObject
                {
                    ["id"] = id, ["content"] = spec.Tokens[id], ["single_word"] = false, ["lstrip"] = false,
                    ["rstrip"] = false, ["normalized"] = false, ["special"] = type != TokenType.UserDefined,
                });
            }
            // SentencePiece-style files keep every piece in the model's vocab; byte-level ones only the BPE tokens.
            if ((sentencePiece || type == TokenType.Normal) && type != TokenType.Unused) vocab[spec.Tokens[id]] = id;
        }
        var merges = new JsonArray((spec.Merges ?? DerivedMerges(spec)).Select(m => (JsonNode)JsonValue.Create(m)!).ToArray());
        return new JsonObject
        {
            ["version"] = "1.0",
            ["truncation"] = null,
            ["padding"] = null,
            ["added_tokens"] = added,
            ["normalizer"] = sentencePiece ? SpaceMarkerNormalizer(spec.AddSpacePrefix)
                : spec.Normalization is null ? null : new JsonObject { ["type"] = spec.Normalization },
            ["pre_tokenizer"] = sentencePiece ? null : new JsonObject
            {
                ["type"] = "Sequence",
                ["pretokenizers"] = new JsonArray(
                    new JsonObject
                    {
                        ["type"] = "Split",
                        ["pattern"] = new JsonObject { ["Regex"] = PreTokenizer.Resolve(spec.PreTokenizer ?? "gpt2") },
                        ["behavior"] = "Isolated",
                        ["invert"] = false,
                    },
                    new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = false }),
            },
            ["post_processor"] = BosTemplate(spec),
            ["decoder"] = sentencePiece
                ? new JsonObject
                {
                    ["type"] = "Sequence",
                    ["decoders"] = new JsonArray(
                        new JsonObject { ["type"] = "Replace", ["pattern"] = new JsonObject { ["String"] = SpaceMarker }, ["content"] = " " },
                        new JsonObject { ["type"] = "ByteFallback" },
                        new JsonObject { ["type"] = "Fuse" },
                        new JsonObject { ["type"] = "Strip", ["content"] = " ", ["start"] = spec.AddSpacePrefix ? 1 : 0, ["stop"] = 0 }),
                }
                : new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = true, ["trim_offsets"] = true, ["use_regex"] = true },
            ["model"] = new JsonObject
            {
                ["type"] = "BPE",
                ["dropout"] = null,
                ["unk_token"] = spec.UnknownId is int unk ? spec.Tokens[unk] : null,
                ["continuing_subword_prefix"] = null,
                ["end_of_word_suffix"] = null,
                ["fuse_unk"] = sentencePiece,
                ["byte_fallback"] = sentencePiece,
                ["ignore_merges"] = spec.IgnoreMerges,
                ["vocab"] = vocab,
                ["merges"] = merges,
            },
        };
    }

    private static JsonObject SpaceMarkerNormalizer(bool addSpacePrefix)
    {
        var replace = new JsonObject { ["type"] = "Replace", ["pattern"] = new JsonObject { ["String"] = " " }, ["content"] = SpaceMarker };
        return addSpacePrefix
            ? new JsonObject { ["type"] = "Sequence", ["normalizers"] = new JsonArray(new JsonObject { ["type"] = "Prepend", ["prepend"] = SpaceMarker }, replace) }
            : replace;
    }

    private static JsonObject? BosTemplate(TokenizerSpec spec)
    {
        if (!spec.AddBos || spec.BosId is not int bos) return null;
        string name = spec.Tokens[bos];
        JsonObject Special() => new() { ["SpecialToken"] = new JsonObject { ["id"] = name, ["type_id"] = 0 } };
        JsonObject Sequence(string id, int typeId) => new() { ["Sequence"] = new JsonObject { ["id"] = id, ["type_id"] = typeId } };
        return new JsonObject
        {
            ["type"] = "TemplateProcessing",
            ["single"] = new JsonArray(Special(), Sequence("A", 0)),
            ["pair"] = new JsonArray(Special(), Sequence("A", 0), Special(), Sequence("B", 1)),
            ["special_tokens"] = new JsonObject { [name] = new JsonObject { ["id"] = name, ["ids"] = new JsonArray(bos), ["tokens"] = new JsonArray(name) } },
        };
    }

    // Every split of a normal piece into two mergeable pieces, ordered by the piece's score (best first), then id.
    private static List<string> DerivedMerges(TokenizerSpec spec)
    {
        if (spec.Kind != TokenizerKind.SentencePieceBpe || spec.Scores is not { } scores)
            throw new ArgumentException("a byte-level vocabulary without merges (tiktoken) cannot be written as tokenizer.json", nameof(spec));
        var pieces = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int id = 0; id < spec.Tokens.Count; id++)
        {
            if (spec.Types[id] is TokenType.Normal or TokenType.UserDefined) pieces.TryAdd(spec.Tokens[id], id);
        }
        var lookup = pieces.GetAlternateLookup<ReadOnlySpan<char>>();
        var merges = new List<(float Score, int Id, string Rule)>();
        foreach (var (piece, id) in pieces)
        {
            if (spec.Types[id] != TokenType.Normal) continue;
            foreach (var (_, _, split) in PairMerges.Splits(piece, lookup))
                merges.Add((scores[id], id, MergeRule.Format(piece[..split], piece[split..])));
        }
        return merges.OrderByDescending(m => m.Score).ThenBy(m => m.Id).Select(m => m.Rule).ToList();
    }

    private static JsonObject ConfigNode(TokenizerSpec spec)
    {
        string? Text(int? id) => id is int value ? spec.Tokens[value] : null;
        var config = new JsonObject
        {
            ["add_bos_token"] = spec.AddBos,
            ["add_eos_token"] = false,
            ["bos_token"] = Text(spec.BosId),
            ["eos_token"] = Text(spec.EosIds.Count > 0 ? spec.EosIds[0] : null),
            ["unk_token"] = Text(spec.UnknownId),
            ["pad_token"] = Text(spec.PaddingId),
            ["clean_up_tokenization_spaces"] = false,
            ["tokenizer_class"] = "PreTrainedTokenizerFast",
        };
        if (spec.ChatTemplate is not null) config["chat_template"] = spec.ChatTemplate;
        return config;
    }
}
