using System.Diagnostics;
using System.Threading.Channels;
using LlmLang.Runtime.Sampling;
using LlmLang.Runtime.Tokenization;

namespace LlmLang.Runtime.Engine;

/// <summary>A request while the engine runs it: tokens so far, its KV slots, sampler and stop state.</summary>
internal sealed class Sequence
{
    private readonly StreamingDecoder? _decoder;
    private readonly StopStringMatcher _stops;
    private readonly HashSet<int> _stopIds;
    private readonly List<SampledToken>? _logprobs;
    private readonly long _submitted = Stopwatch.GetTimestamp();
    private long _admitted, _prefilled, _lastToken;

    public Sequence(GenerationRequest request, ITokenizer? tokenizer, ChannelWriter<GenerationDelta>? stream, CancellationToken cancellation,
        TaskCompletionSource<PrefixHandle>? prefixCompletion = null)
    {
        PrefixCompletion = prefixCompletion;
        Request = request;
        Stream = stream;
        Cancellation = cancellation;
        Sampler = new TokenSampler(request.Sampling, request.PromptIds);
        _decoder = tokenizer?.CreateStreamingDecoder();
        _stops = new StopStringMatcher(request.Sampling.StopStrings);
        _stopIds = new HashSet<int>(request.Sampling.StopTokenIds);
        if (!request.Sampling.IgnoreEos && tokenizer is not null) _stopIds.UnionWith(tokenizer.EosIds);
        _logprobs = request.Sampling.TopLogprobs is null ? null : new List<SampledToken>();
    }

    public GenerationRequest Request { get; }
    public ChannelWriter<GenerationDelta>? Stream { get; }
    public CancellationToken Cancellation { get; }
    public TaskCompletionSource<GenerationResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set for a prefix commit: the sequence only prefills, and its slots then join the prefix cache.</summary>
    public TaskCompletionSource<PrefixHandle>? PrefixCompletion { get; }
    public TokenSampler Sampler { get; }
    public List<int> Slots { get; } = new();
    public List<int> Output { get; } = new();
    public FinishReason? Finished { get; private set; }

    /// <summary>Slots promised to this sequence but not yet allocated (the rest of its prompt and every token it may still generate).</summary>
    public int Promised { get; set; }

    /// <summary>Whether the sequence has been admitted (its slots promised).</summary>
    public bool Admitted { get; set; }

    /// <summary>Prompt tokens whose K/V came from the prefix cache.</summary>
    public int ReusedTokens { get; set; }

    /// <summary>Tokens whose K/V are in the cache.</summary>
    public int CachedLength { get; set; }

    /// <summary>Tokens known so far: prompt then output.</summary>
    public int Length => Request.PromptIds.Count + Output.Count;

    public int TokenAt(int position) =>
        position < Request.PromptIds.Count ? Request.PromptIds[position] : Output[position - Request.PromptIds.Count];

    public void MarkAdmitted() => _admitted = Stopwatch.GetTimestamp();

    public void MarkPrefilled() => _prefilled = _lastToken = Stopwatch.GetTimestamp();

    /// <summary>Takes a sampled token: records it, streams its text, decides whether the sequence is done.</summary>
    public void Append(SampledToken token, int maxContext)
    {
        _lastToken = Stopwatch.GetTimestamp();
        Request.Constraint?.Accept(token.TokenId);
        Sampler.Observe(token.TokenId);
        if (_stopIds.Contains(token.TokenId))
        {
            Finished = FinishReason.Stop;
            return;
        }
        Output.Add(token.TokenId);
        _logprobs?.Add(token);
        string text = _decoder is null ? "" : _stops.Append(_decoder.Push(token.TokenId));
        Stream?.TryWrite(new GenerationDelta(token.TokenId, text));
        if (_stops.Stopped) Finished = FinishReason.Stop;
        else if (Request.Constraint?.IsComplete == true) Finished = FinishReason.ConstraintComplete;
        else if (Output.Count >= Request.Sampling.MaxTokens || Length >= maxContext) Finished = FinishReason.Length;
    }

    /// <summary>Completes the request with its result and closes its stream.</summary>
    public void Complete(FinishReason reason)
    {
        string tail = _stops.Stopped || _decoder is null ? "" : _stops.Append(_decoder.Flush()) + _stops.Flush();
        if (tail.Length > 0) Stream?.TryWrite(new GenerationDelta(-1, tail));
        Stream?.TryComplete();
        var result = new GenerationResult(Request.PromptIds, Output.ToArray(), _stops.Text, reason, _logprobs, ReusedTokens,
            Stopwatch.GetElapsedTime(_submitted, _admitted), Stopwatch.GetElapsedTime(_admitted, _prefilled),
            Stopwatch.GetElapsedTime(_prefilled, _lastToken));
        Completion.TrySetResult(result);
    }

    /// <summary>Fails the request (cancelled or an error) and closes its stream with the same error.</summary>
    public void Fail(Exception error)
    {
        Stream?.TryComplete(error);
        if (error is OperationCanceledException oce)
        {
            Completion.TrySetCanceled(oce.CancellationToken);
            PrefixCompletion?.TrySetCanceled(oce.CancellationToken);
        }
        else
        {
            Completion.TrySetException(error);
            PrefixCompletion?.TrySetException(error);
        }
    }
}
