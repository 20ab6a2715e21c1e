using System.Runtime.CompilerServices;
using LlmLang.Runtime.Chat;
using LlmLang.Runtime.Engine;
using LlmLang.Runtime.Models;
using LlmLang.Runtime.Sampling;
using LangChatFormat = LlmLang.ChatFormat;
using RuntimeChatFormat = LlmLang.Runtime.Chat.ChatTemplateFormat;

namespace LlmLang.Runtime.Backend;

/// <summary>
/// The language's in-process backend: programs run on a <see cref="LocalModel"/> through the continuous-batching
/// <see cref="LlmEngine"/>, so concurrent states (fork branches, batch items) are decoded together, committed prefixes
/// share KV slots, and select's choices are scored in one pass. Constrained generations (regex, JSON Schema, GBNF,
/// choices) are masked token by token by the grammar engine. Roles use the model's chat template (or
/// <see cref="LangChatFormat.Plain"/> without one). Text is tokenized with special-token parsing, so template markers
/// such as <c>&lt;|eot_id|&gt;</c> become their ids.
/// </summary>
public sealed class LocalBackend : ILlmBackend, IDisposable
{
    private readonly LocalModel _model;
    private readonly LlmEngine _engine;
    private readonly string _start;
    private readonly bool _ownsEngine;
    private readonly ConstraintCompiler _constraints;

    /// <summary>A backend over <paramref name="model"/> with a new engine (disposed with the backend; the model is not).</summary>
    public LocalBackend(LocalModel model, EngineOptions? options = null)
        : this(model, model.CreateEngine(options), ownsEngine: true)
    {
    }

    private LocalBackend(LocalModel model, LlmEngine engine, bool ownsEngine)
    {
        _model = model;
        _engine = engine;
        _ownsEngine = ownsEngine;
        _constraints = new ConstraintCompiler(model.Tokenizer);
        var format = ChatFormatOf(model);
        _start = format.Start;
        var system = format.System ?? format.User; // templates without a system turn: system text is written as a user turn
        ChatFormat = new LangChatFormat(system.Prefix, system.Suffix, format.User.Prefix, format.User.Suffix,
            format.GenerationPrompt.Length > 0 ? format.GenerationPrompt : format.Assistant.Prefix, format.Assistant.Suffix);
    }

    /// <summary>The model's chat template reduced to role prefixes and suffixes; the plain format when it has no template
    /// or one that cannot be written as prefix + content + suffix.</summary>
    private static RuntimeChatFormat ChatFormatOf(LocalModel model)
    {
        try
        {
            return ChatTemplate.ForTokenizer(model.Tokenizer.Spec)?.DeriveFormat() ?? RuntimeChatFormat.Plain;
        }
        catch (Exception e) when (e is ChatFormatException or ChatTemplateException)
        {
            return RuntimeChatFormat.Plain;
        }
    }

    /// <summary>The engine requests run on (for metrics and tests).</summary>
    public LlmEngine Engine => _engine;

    /// <inheritdoc />
    public LangChatFormat ChatFormat { get; }

    /// <inheritdoc />
    public BackendCapabilities Capabilities { get; } = new(Enum.GetValues<ConstraintKind>().ToHashSet(), PrefixCaching: true);

    /// <inheritdoc />
    public async Task<GenerateResponse> GenerateAsync(GenerateRequest request, CancellationToken cancellationToken)
    {
        var prompt = Tokenize(request.Prompt);
        var result = await _engine.GenerateAsync(ToEngine(request, prompt), cancellationToken).ConfigureAwait(false);
        return ToResponse(result);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<GenerateChunk> GenerateStreamAsync(GenerateRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = _engine.Stream(ToEngine(request, Tokenize(request.Prompt)), cancellationToken);
        await foreach (var delta in stream.Deltas.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            if (delta.Text.Length > 0) yield return new GenerateChunk(delta.Text);
        yield return new GenerateChunk("", ToResponse(await stream.Result.ConfigureAwait(false)));
    }

    /// <inheritdoc />
    public async Task<ChoiceScores> ScoreChoicesAsync(ScoreRequest request, CancellationToken cancellationToken)
    {
        var prompt = Tokenize(request.Prompt);
        var full = request.Choices.Select(c => Tokenize(request.Prompt + c)).ToArray();
        // Token healing: each choice is scored from where its tokenization departs from the prompt's.
        var departs = full.Select(f => CommonPrefix(prompt, f)).ToArray();
        for (int i = 0; i < full.Length; i++)
            if (departs[i] == full[i].Count)
                throw new ArgumentException($"choice \"{request.Choices[i]}\" adds no token to the prompt");
        int shared = Math.Max(1, departs.Min());
        var scores = await _engine.ScoreAsync(full[0].Take(shared).ToArray(), full.Select(f => (IReadOnlyList<int>)f.Skip(shared).ToArray()).ToArray(),
            cancellationToken).ConfigureAwait(false);
        var conditional = scores.Logprobs.Select((s, i) => s[(departs[i] - shared)..]).ToArray();

        IReadOnlyList<float[]>? unconditional = null;
        if (request.Unconditional)
            unconditional = await ScoreWithoutPrompt(request.Choices, conditional.Select(c => c.Length).ToArray(), cancellationToken).ConfigureAwait(false);
        return new ChoiceScores(conditional, unconditional, new Usage(prompt.Count, Math.Min(scores.CachedPromptTokens, prompt.Count), conditional.Sum(c => c.Length)));
    }

    /// <inheritdoc />
    public async Task<IPrefixLease> CachePrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        var tokens = Tokenize(prefix);
        var handle = await _engine.CommitPrefixAsync(tokens, cancellationToken).ConfigureAwait(false);
        return new PrefixLease(handle, new Usage(tokens.Count, handle.ReusedTokens, 0));
    }

    /// <summary>The last <paramref name="lengths"/>[i] tokens of each choice, scored after only the start of a text.</summary>
    private async Task<IReadOnlyList<float[]>> ScoreWithoutPrompt(IReadOnlyList<string> choices, int[] lengths, CancellationToken cancellationToken)
    {
        var result = new List<float[]>();
        for (int i = 0; i < choices.Count; i++)
        {
            var tokens = Tokenize(choices[i].TrimStart());
            bool hasStart = _model.Tokenizer.BosId is int bos && tokens.Count > 0 && tokens[0] == bos;
            int first = hasStart ? 1 : 0;
            var scored = tokens.Count - first > 1 || hasStart
                ? (await _engine.ScoreAsync(tokens.Take(Math.Max(first, 1)).ToArray(), [tokens.Skip(Math.Max(first, 1)).ToArray()], cancellationToken).ConfigureAwait(false)).Logprobs[0]
                : [];
            // Without a start token the first token has nothing to condition on: it counts as 0.
            float[] all = hasStart ? scored : [0f, .. scored];
            result.Add(all.Length >= lengths[i] ? all[^lengths[i]..] : [.. Enumerable.Repeat(0f, lengths[i] - all.Length), .. all]);
        }
        return result;
    }

    private IReadOnlyList<int> Tokenize(string text) =>
        _start.Length > 0
            ? _model.Tokenizer.Encode(_start + text, addBos: false, parseSpecial: true)
            : _model.Tokenizer.Encode(text, parseSpecial: true);

    private GenerationRequest ToEngine(GenerateRequest request, IReadOnlyList<int> prompt)
    {
        var s = request.Sampling;
        int room = Math.Max(0, _model.Config.MaxSeqLen - prompt.Count);
        return new GenerationRequest(prompt, new SamplingParams
        {
            Temperature = (float)s.Temperature,
            TopP = (float)s.TopP,
            TopK = s.TopK,
            MinP = (float)s.MinP,
            Seed = s.Seed,
            MaxTokens = Math.Min(s.MaxTokens, room),
            StopStrings = s.Stop,
        }, request.Constraint is { } constraint ? _constraints.Create(constraint) : null);
    }

    private static GenerateResponse ToResponse(GenerationResult r) =>
        new(r.Text, r.FinishReason switch { FinishReason.Length => "length", _ => "stop" },
            new Usage(r.PromptIds.Count, r.CachedPromptTokens, r.OutputIds.Count));

    private static int CommonPrefix(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        int n = 0;
        while (n < a.Count && n < b.Count && a[n] == b[n]) n++;
        return n;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsEngine) _engine.Dispose();
    }

    private sealed class PrefixLease(PrefixHandle handle, Usage usage) : IPrefixLease
    {
        public Usage Usage { get; } = usage;

        public ValueTask DisposeAsync()
        {
            handle.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
