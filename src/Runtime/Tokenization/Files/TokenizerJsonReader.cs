using System.Text.Json;

namespace LlmLang.Runtime.Tokenization;

/// <summary>
/// Reads a Hugging Face <c>tokenizer.json</c> BPE model into a <see cref="TokenizerSpec"/>: byte-level (a ByteLevel
/// pre-tokenizer) or SentencePiece-style (byte fallback, U+2581 normalizer or Metaspace pre-tokenizer).
/// </summary>
internal static class TokenizerJsonReader
{
    private const string SpaceMarker = "\u2581";

    public static TokenizerSpec Read(string path, string? configPath)
    {
        TokenizerConfigJson config = configPath is null ? TokenizerConfigJson.Empty : TokenizerConfigJson.Read(configPath);
        using JsonDocument document = TokenizerFile.ReadJson(path);
        try
        {
            return Build(document.RootElement, config);
        }
        catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or FormatException or ArgumentException or IndexOutOfRangeException)
        {
            throw new TokenizerFormatException(path, e.Message, e);
        }
    }

    private static TokenizerSpec Build(JsonElement root, TokenizerConfigJson config)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("model", out JsonElement model))
            throw new InvalidOperationException("no \"model\" object");
        string? modelType = OptionalString(model, "type");
        if (modelType is not ("BPE" or null))
            throw new InvalidOperationException($"model type \"{modelType}\" is not supported (supported: BPE)");
        JsonElement normalizer = root.TryGetProperty("normalizer", out var n) ? n : default;
        JsonElement preTokenizer = root.TryGetProperty("pre_tokenizer", out var p) ? p : default;
        bool byteFallback = model.TryGetProperty("byte_fallback", out var bf) && bf.ValueKind == JsonValueKind.True;
        bool sentencePiece = byteFallback || Steps(normalizer).Any(IsSpaceMarkerStep) || Steps(preTokenizer).Any(s => OptionalString(s, "type") == "Metaspace");
        bool byteLevel = Steps(preTokenizer).Any(s => OptionalString(s, "type") == "ByteLevel");
        if (sentencePiece) CheckSentencePieceSteps(normalizer, preTokenizer);
        else if (!byteLevel)
            throw new InvalidOperationException("neither a byte-level BPE (ByteLevel pre-tokenizer) nor a SentencePiece-style BPE (byte_fallback, \u2581 normalizer or Metaspace)");

        var vocab = new SortedDictionary<int, string>();
        foreach (JsonProperty entry in model.GetProperty("vocab").EnumerateObject()) vocab[entry.Value.GetInt32()] = entry.Name;
        var added = new Dictionary<int, (string Content, bool Special)>();
        if (root.TryGetProperty("added_tokens", out JsonElement addedTokens))
        {
            foreach (JsonElement token in addedTokens.EnumerateArray())
                added[token.GetProperty("id").GetInt32()] = (token.GetProperty("content").GetString()!, token.TryGetProperty("special", out var s) && s.GetBoolean());
        }
        if (vocab.Keys.Concat(added.Keys).FirstOrDefault(id => id < 0, 0) is < 0 and int negative)
            throw new InvalidOperationException($"negative token id {negative}");
        int size = Math.Max(vocab.Count == 0 ? 0 : vocab.Keys.Max() + 1, added.Count == 0 ? 0 : added.Keys.Max() + 1);
        if (size == 0) throw new InvalidOperationException("the vocabulary is empty");
        if (size > 2 * (vocab.Count + added.Count) + 1024)
            throw new InvalidOperationException($"token ids go up to {size - 1} for only {vocab.Count + added.Count} tokens");
        string? unkToken = OptionalString(model, "unk_token");
        var tokens = new string[size];
        var types = new TokenType[size];
        for (int id = 0; id < size; id++)
        {
            if (added.TryGetValue(id, out var a)) (tokens[id], types[id]) = (a.Content, a.Special ? TokenType.Control : TokenType.UserDefined);
            else if (vocab.TryGetValue(id, out string? piece)) (tokens[id], types[id]) = (piece, PieceType(piece, sentencePiece));
            else (tokens[id], types[id]) = ($"<|unused_{id}|>", TokenType.Unused);
        }
        if (unkToken is not null && vocab.ContainsValue(unkToken)) types[vocab.First(v => v.Value == unkToken).Key] = TokenType.Unknown;

        List<string> merges = ReadMerges(model);
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int id = 0; id < size; id++) ids.TryAdd(tokens[id], id);
        int? Id(string? text) => text is not null && ids.TryGetValue(text, out int id) ? id : null;
        int? templateBos = TemplateBos(root);
        bool addBos = config.AddBosToken ?? templateBos is not null;
        int? bosId = Id(config.BosToken) ?? templateBos;
        var spec = new TokenizerSpec(
            sentencePiece ? TokenizerKind.SentencePieceBpe : TokenizerKind.ByteLevelBpe,
            tokens, sentencePiece ? ScoresFromMerges(tokens, merges, ids) : null, types, merges,
            bosId, Id(config.EosToken) is int eosId ? [eosId] : [], Id(unkToken), Id(config.PadToken),
            addBos && bosId is not null, sentencePiece ? null : SplitPattern(preTokenizer), config.ChatTemplate)
        {
            IgnoreMerges = model.TryGetProperty("ignore_merges", out var im) && im.ValueKind == JsonValueKind.True,
            Normalization = sentencePiece ? null : Normalization(normalizer),
            AddSpacePrefix = !sentencePiece || AddsSpacePrefix(normalizer, preTokenizer),
        };
        return spec;
    }

    private static TokenType PieceType(string piece, bool sentencePiece) =>
        sentencePiece && SentencePieceBpeTokenizer.ParseBytePiece(piece) is not null ? TokenType.Byte : TokenType.Normal;

    private static List<string> ReadMerges(JsonElement model)
    {
        var merges = new List<string>();
        if (!model.TryGetProperty("merges", out JsonElement list)) return merges;
        foreach (JsonElement merge in list.EnumerateArray())
        {
            merges.Add(merge.ValueKind == JsonValueKind.Array
                ? MergeRule.Format(merge[0].GetString()!, merge[1].GetString()!)
                : merge.GetString()!);
        }
        return merges;
    }

    // SentencePiece-style scores for writers that need them (GGUF): a piece scores minus the rank of its first merge.
    private static float[] ScoresFromMerges(string[] tokens, List<string> merges, Dictionary<string, int> ids)
    {
        var scores = new float[tokens.Length];
        Array.Fill(scores, float.NaN);
        for (int rank = 0; rank < merges.Count; rank++)
        {
            var (left, right) = MergeRule.Parse(merges[rank], rank);
            if (ids.TryGetValue(left + right, out int id) && float.IsNaN(scores[id])) scores[id] = -rank;
        }
        for (int id = 0; id < scores.Length; id++)
        {
            if (float.IsNaN(scores[id])) scores[id] = tokens[id].Length == 1 ? 0 : -(merges.Count + id);
        }
        return scores;
    }

    // Byte-level: one Isolated Split regex then ByteLevel without its own regex, or ByteLevel with GPT-2's regex.
    private static string SplitPattern(JsonElement preTokenizer)
    {
        string? pattern = null;
        bool byteLevelRegex = false;
        foreach (JsonElement step in Steps(preTokenizer))
        {
            string? type = OptionalString(step, "type");
            if (type == "Split")
            {
                if (pattern is not null) throw new InvalidOperationException("more than one Split pre-tokenizer is not supported");
                string? behavior = OptionalString(step, "behavior");
                if (behavior != "Isolated" || (step.TryGetProperty("invert", out var invert) && invert.ValueKind == JsonValueKind.True))
                    throw new InvalidOperationException($"Split pre-tokenizer behavior \"{behavior}\" is not supported (supported: Isolated, not inverted)");
                pattern = step.GetProperty("pattern").TryGetProperty("Regex", out JsonElement regex)
                    ? regex.GetString()!
                    : throw new InvalidOperationException("a Split pre-tokenizer with a plain string pattern is not supported");
            }
            else if (type == "ByteLevel")
            {
                if (step.TryGetProperty("add_prefix_space", out var prefix) && prefix.ValueKind == JsonValueKind.True)
                    throw new InvalidOperationException("a ByteLevel pre-tokenizer with add_prefix_space is not supported");
                byteLevelRegex = !(step.TryGetProperty("use_regex", out var useRegex) && useRegex.ValueKind == JsonValueKind.False);
            }
            else throw new InvalidOperationException($"pre-tokenizer \"{type}\" is not supported for byte-level BPE (supported: Split, ByteLevel)");
        }
        if (pattern is not null && byteLevelRegex)
            throw new InvalidOperationException("a Split pre-tokenizer followed by a ByteLevel one with use_regex is not supported");
        return pattern ?? PreTokenizer.Gpt2;
    }

    // SentencePiece style: the U+2581 normalizer (Prepend, Replace) and/or a Metaspace pre-tokenizer, nothing else.
    private static void CheckSentencePieceSteps(JsonElement normalizer, JsonElement preTokenizer)
    {
        foreach (JsonElement step in Steps(normalizer))
        {
            if (!IsSpaceMarkerStep(step))
                throw new InvalidOperationException($"normalizer \"{OptionalString(step, "type")}\" is not supported for SentencePiece-style BPE (supported: Prepend and Replace with \u2581)");
        }
        foreach (JsonElement step in Steps(preTokenizer))
        {
            if (OptionalString(step, "type") != "Metaspace")
                throw new InvalidOperationException($"pre-tokenizer \"{OptionalString(step, "type")}\" is not supported for SentencePiece-style BPE (supported: Metaspace)");
        }
    }

    private static string? Normalization(JsonElement normalizer)
    {
        foreach (JsonElement step in Steps(normalizer))
        {
            string? type = OptionalString(step, "type");
            if (type != "NFC") throw new InvalidOperationException($"normalizer \"{type}\" is not supported for byte-level BPE (supported: NFC)");
        }
        return Steps(normalizer).Any() ? "NFC" : null;
    }

    private static bool AddsSpacePrefix(JsonElement normalizer, JsonElement preTokenizer) =>
        Steps(normalizer).Any(s => OptionalString(s, "type") == "Prepend")
        || Steps(preTokenizer).Any(s => OptionalString(s, "type") == "Metaspace" && OptionalString(s, "prepend_scheme") is not "never"
            && !(s.TryGetProperty("add_prefix_space", out var a) && a.ValueKind == JsonValueKind.False));

    private static bool IsSpaceMarkerStep(JsonElement step) => OptionalString(step, "type") switch
    {
        "Prepend" => OptionalString(step, "prepend") == SpaceMarker,
        "Replace" => OptionalString(step, "content") == SpaceMarker
            && step.TryGetProperty("pattern", out JsonElement pattern) && OptionalString(pattern, "String") == " ",
        _ => false,
    };

    // The elements of a normalizer/pre-tokenizer, flattening a Sequence.
    private static IEnumerable<JsonElement> Steps(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object) yield break;
        string? listName = OptionalString(element, "type") != "Sequence" ? null
            : element.TryGetProperty("normalizers", out _) ? "normalizers" : "pretokenizers";
        if (listName is null)
        {
            yield return element;
            yield break;
        }
        foreach (JsonElement step in element.GetProperty(listName).EnumerateArray())
            foreach (JsonElement inner in Steps(step)) yield return inner;
    }

    // The BOS id that a TemplateProcessing post-processor puts first, if any.
    private static int? TemplateBos(JsonElement root)
    {
        if (!root.TryGetProperty("post_processor", out JsonElement processor) || processor.ValueKind != JsonValueKind.Object) return null;
        IEnumerable<JsonElement> steps = processor.TryGetProperty("processors", out JsonElement list) ? list.EnumerateArray() : [processor];
        foreach (JsonElement step in steps)
        {
            if (OptionalString(step, "type") != "TemplateProcessing") continue;
            JsonElement first = step.GetProperty("single")[0];
            if (!first.TryGetProperty("SpecialToken", out JsonElement special)) return null;
            string name = special.GetProperty("id").GetString()!;
            return step.GetProperty("special_tokens").GetProperty(name).GetProperty("ids")[0].GetInt32();
        }
        return null;
    }

    internal static string? OptionalString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() : null;
}
