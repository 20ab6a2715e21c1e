using System.Runtime.InteropServices;
using System.Threading.Channels;
using LlmLang.Runtime.Models;
using LlmLang.Runtime.Sampling;
using LlmLang.Runtime.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmLang.Runtime.Engine;

/// <summary>
/// Runs generation requests with continuous batching on one dedicated thread (TorchSharp's dispose scopes and
/// inference mode are per thread). Each step is one ragged forward pass over every running sequence's next token plus
/// prompt chunks of newly admitted ones; finished and cancelled sequences leave between steps and free their KV slots.
/// Prompts reuse the KV slots of committed prefixes (<see cref="CommitPrefixAsync"/>), and <see cref="ScoreAsync"/>
/// scores several continuations of a prompt in one pass.
/// </summary>
public sealed class LlmEngine : IDisposable
{
    private readonly Transformer _model;
    private readonly ITokenizer? _tokenizer;
    private readonly EngineOptions _options;
    private readonly KvCache _cache;
    private readonly KvSlotPool _slots;
    private readonly PrefixCache _prefixes;
    private readonly Channel<object> _incoming = Channel.CreateUnbounded<object>(); // Sequence, ScoringJob, or a released PrefixHandle
    private readonly List<Sequence> _waiting = new();
    private readonly List<Sequence> _running = new();
    private readonly List<ScoringJob> _scoring = new();
    private readonly Thread _thread;
    private readonly CancellationTokenSource _shutdown = new();
    private int _promised;

    /// <summary>Starts an engine over <paramref name="model"/> (which it does not own) and its tokenizer. Without a tokenizer
    /// (random-weight benchmarks) results carry token ids only: no text, no EOS, no stop strings.</summary>
    public LlmEngine(Transformer model, ITokenizer? tokenizer, EngineOptions? options = null)
    {
        _model = model;
        _tokenizer = tokenizer;
        _options = options ?? new EngineOptions();
        int slots = _options.KvSlots > 0 ? _options.KvSlots : 8 * model.Config.MaxSeqLen;
        _cache = new KvCache(model.Config, slots, model.Device);
        _slots = new KvSlotPool(slots);
        _prefixes = new PrefixCache(_slots);
        _thread = new Thread(Loop) { IsBackground = true, Name = "llmlang-engine" };
        _thread.Start();
    }

    /// <summary>The model's hyper-parameters.</summary>
    public ModelConfig Config => _model.Config;

    /// <summary>The tokenizer requests are decoded with, if any.</summary>
    public ITokenizer? Tokenizer => _tokenizer;

    /// <summary>Free KV slots right now (returns to <see cref="SlotCapacity"/> when nothing runs and no prefix is held).</summary>
    public int FreeSlots => _slots.FreeCount;

    /// <summary>Total KV slots.</summary>
    public int SlotCapacity => _slots.Capacity;

    /// <summary>Generates a continuation of the request's prompt.</summary>
    /// <exception cref="ArgumentException">The prompt is empty, too long for the context or the cache, or the parameters are invalid.</exception>
    public Task<GenerationResult> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default) =>
        Submit(request, null, cancellationToken).Completion.Task;

    /// <summary>Generates a continuation, streaming text deltas as tokens arrive.</summary>
    public async IAsyncEnumerable<GenerationDelta> StreamAsync(GenerationRequest request,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var stream = Stream(request, cancellationToken);
        await foreach (var delta in stream.Deltas.ReadAllAsync(cancellationToken)) yield return delta;
        await stream.Result;
    }

    /// <summary>Starts a generation whose deltas are read from <see cref="GenerationStream.Deltas"/> and whose final result
    /// (usage, finish reason) completes <see cref="GenerationStream.Result"/>.</summary>
    public GenerationStream Stream(GenerationRequest request, CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<GenerationDelta>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var sequence = Submit(request, channel.Writer, cancellationToken);
        return new GenerationStream(channel.Reader, sequence.Completion.Task);
    }

    /// <summary>
    /// Computes the K/V of <paramref name="tokens"/> once and keeps them until the handle is disposed, so that requests
    /// starting with these tokens (forks of one history, items of a batch) reuse them.
    /// </summary>
    public Task<PrefixHandle> CommitPrefixAsync(IReadOnlyList<int> tokens, CancellationToken cancellationToken = default)
    {
        var completion = new TaskCompletionSource<PrefixHandle>(TaskCreationOptions.RunContinuationsAsynchronously);
        Submit(new GenerationRequest(tokens, SamplingParams.Greedy with { MaxTokens = 0 }), null, cancellationToken, completion);
        return completion.Task;
    }

    /// <summary>
    /// Natural-log probabilities of each token of each continuation after <paramref name="prompt"/> (raw model
    /// distribution, no sampling transforms), all in one forward pass: Logprobs[i][j] scores continuation i's token j.
    /// The prompt reuses committed prefixes like a generation does.
    /// </summary>
    public Task<ScoringResult> ScoreAsync(IReadOnlyList<int> prompt, IReadOnlyList<IReadOnlyList<int>> continuations,
        CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_shutdown.IsCancellationRequested, this);
        if (prompt.Count == 0) throw new ArgumentException("scoring needs a non-empty prompt (e.g. BOS)");
        if (continuations.Count == 0 || continuations.Any(c => c.Count == 0)) throw new ArgumentException("every continuation needs at least one token");
        CheckTokens(prompt.Concat(continuations.SelectMany(c => c)));
        int longest = prompt.Count + continuations.Max(c => c.Count);
        if (longest > Config.MaxSeqLen) throw new ArgumentException($"prompt plus continuation is {longest} tokens; the model's context is {Config.MaxSeqLen}");
        var job = new ScoringJob(prompt, continuations, cancellationToken);
        if (job.SlotsNeeded > _slots.Capacity) throw new ArgumentException($"scoring needs {job.SlotsNeeded} KV slots; the cache holds {_slots.Capacity}");
        if (!_incoming.Writer.TryWrite(job)) throw new ObjectDisposedException(nameof(LlmEngine));
        return job.Completion.Task;
    }

    private Sequence Submit(GenerationRequest request, ChannelWriter<GenerationDelta>? stream, CancellationToken cancellationToken,
        TaskCompletionSource<PrefixHandle>? prefix = null)
    {
        ObjectDisposedException.ThrowIf(_shutdown.IsCancellationRequested, this);
        Validate(request);
        var sequence = new Sequence(request, _tokenizer, stream, cancellationToken, prefix);
        if (!_incoming.Writer.TryWrite(sequence)) throw new ObjectDisposedException(nameof(LlmEngine));
        return sequence;
    }

    private void Validate(GenerationRequest request)
    {
        request.Sampling.Validate();
        if (_tokenizer is null && request.Sampling.StopStrings.Count > 0)
            throw new ArgumentException("stop strings need a tokenizer; this engine has none");
        int prompt = request.PromptIds.Count;
        if (prompt == 0) throw new ArgumentException("the prompt is empty (it needs at least one token, e.g. BOS)");
        if (prompt >= Config.MaxSeqLen)
            throw new ArgumentException($"the prompt has {prompt} tokens; the model's context is {Config.MaxSeqLen}, which leaves no room to generate");
        if (prompt > _slots.Capacity)
            throw new ArgumentException($"the prompt has {prompt} tokens but the KV cache holds only {_slots.Capacity}");
        CheckTokens(request.PromptIds);
    }

    private void CheckTokens(IEnumerable<int> ids)
    {
        foreach (int id in ids)
            if ((uint)id >= (uint)Config.VocabSize) throw new ArgumentException($"token id {id} is outside the vocabulary (size {Config.VocabSize})");
    }

    private void Loop()
    {
        torch.set_grad_enabled(false);
        using var inference = inference_mode(true);
        var token = _shutdown.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                while (_incoming.Reader.TryRead(out var work))
                {
                    if (work is Sequence s) _waiting.Add(s);
                    else if (work is ScoringJob job) _scoring.Add(job);
                    else if (work is PrefixHandle { Entry: { } entry }) _prefixes.Remove(entry);
                }
                DropCancelled();
                if (_running.Count == 0 && _waiting.Count == 0 && _scoring.Count == 0)
                {
                    // Nothing to do: sleep until work arrives or the engine shuts down.
                    try { _incoming.Reader.WaitToReadAsync(token).AsTask().Wait(token); }
                    catch (OperationCanceledException) { break; }
                    catch (AggregateException) { break; }
                    continue;
                }
                Step();
            }
        }
        finally
        {
            var stopped = new ObjectDisposedException(nameof(LlmEngine), "the engine was shut down");
            foreach (var s in _running.Concat(_waiting)) s.Fail(stopped);
            foreach (var j in _scoring) j.Completion.TrySetException(stopped);
            while (_incoming.Reader.TryRead(out var work))
            {
                if (work is Sequence s) s.Fail(stopped);
                else if (work is ScoringJob job) job.Completion.TrySetException(stopped);
            }
            _prefixes.Clear();
        }
    }

    /// <summary>One forward pass: a token for every running sequence, plus prompt chunks and scoring jobs that fit.</summary>
    private void Step()
    {
        var chunks = new List<SequenceChunk>();
        var owners = new List<object>(); // the Sequence or ScoringJob each chunk belongs to
        foreach (var s in _running)
        {
            Allocate(s, 1);
            chunks.Add(new SequenceChunk([s.TokenAt(s.Length - 1)], s.Length - 1, s.Slots));
            owners.Add(s);
        }
        int budget = _options.MaxPrefillTokens;
        var scoring = AdmitScoring(chunks, owners, ref budget);
        for (int i = 0; i < _waiting.Count && budget > 0 && owners.Count < _options.MaxBatch; i++)
        {
            var s = _waiting[i];
            if (!s.Admitted && !Admit(s)) continue; // waits for running sequences to finish
            int prompt = s.Request.PromptIds.Count;
            if (s.PrefixCompletion is { } cached && s.CachedLength == prompt)
            {
                FinishPrefix(s, cached); // already cached whole: nothing to compute
                i--;
                continue;
            }
            int take = Math.Min(budget, prompt - s.CachedLength);
            Allocate(s, take);
            var ids = s.Request.PromptIds.Skip(s.CachedLength).Take(take).ToArray();
            bool last = s.CachedLength + take == prompt;
            chunks.Add(new SequenceChunk(ids, s.CachedLength, s.Slots.ToArray(), last && s.PrefixCompletion is null ? LogitsWanted.Last : LogitsWanted.None));
            owners.Add(s);
            budget -= take;
        }
        if (chunks.Count == 0) return;

        float[] logits;
        try
        {
            using var scope = NewDisposeScope();
            var output = _model.Forward(chunks, _cache);
            logits = output is null ? [] : MemoryMarshal.Cast<byte, float>(output.bytes).ToArray();
        }
        catch (Exception e)
        {
            // A failed pass poisons only the work in it; the engine keeps serving the rest.
            foreach (var s in owners.OfType<Sequence>().Distinct().ToList()) { Remove(s); s.Fail(e); }
            foreach (var j in scoring) { ReleaseScoring(j); j.Completion.TrySetException(e); }
            return;
        }

        int vocab = Config.VocabSize, row = 0;
        uint[]? mask = null;
        for (int c = 0; c < chunks.Count; c++)
        {
            if (owners[c] is not Sequence s)
            {
                row += chunks[c].LogitRows;
                continue;
            }
            s.CachedLength = chunks[c].EndPosition;
            if (s.PrefixCompletion is { } prefix)
            {
                if (s.CachedLength == s.Request.PromptIds.Count) FinishPrefix(s, prefix);
                continue;
            }
            if (chunks[c].Logits == LogitsWanted.None) continue;
            var rowLogits = logits.AsSpan(row++ * vocab, vocab);
            if (!_running.Contains(s))
            {
                _waiting.Remove(s);
                _running.Add(s);
                s.MarkPrefilled();
                if (s.Request.Sampling.MaxTokens == 0) { Finish(s, FinishReason.Length); continue; }
            }
            try
            {
                ReadOnlySpan<uint> allowed = default;
                if (s.Request.Constraint is { } constraint)
                {
                    mask ??= new uint[(vocab + 31) / 32];
                    Array.Clear(mask);
                    constraint.FillAllowed(mask);
                    allowed = mask;
                }
                s.Append(s.Sampler.Sample(rowLogits, allowed), Config.MaxSeqLen);
                if (s.Finished is { } reason) Finish(s, reason);
            }
            catch (Exception e)
            {
                Remove(s);
                s.Fail(e);
            }
        }
        CompleteScoring(scoring, chunks, owners, logits);
    }

    /// <summary>Promises a waiting sequence the slots it may need, reusing a cached prefix; false if they are not free yet.</summary>
    private bool Admit(Sequence s)
    {
        int prompt = s.Request.PromptIds.Count;
        var reused = _prefixes.Match(s.Request.PromptIds, prompt - (s.PrefixCompletion is null ? 1 : 0));
        int need = Math.Min(prompt + s.Request.Sampling.MaxTokens, Config.MaxSeqLen) - reused.Length;
        if (_slots.FreeCount - _promised < need)
        {
            _slots.Release(reused);
            return false;
        }
        s.Admitted = true;
        s.Promised = need;
        _promised += need;
        s.Slots.AddRange(reused);
        s.CachedLength = s.ReusedTokens = reused.Length;
        s.MarkAdmitted();
        return true;
    }

    private void Allocate(Sequence s, int count)
    {
        _slots.Allocate(count, s.Slots);
        int fromPromise = Math.Min(count, s.Promised);
        s.Promised -= fromPromise;
        _promised -= fromPromise;
    }

    private List<ScoringJob> AdmitScoring(List<SequenceChunk> chunks, List<object> owners, ref int budget)
    {
        var admitted = new List<ScoringJob>();
        foreach (var job in _scoring)
        {
            int tokens = job.SlotsNeeded;
            if (tokens > budget && chunks.Count > 0) break;
            if (_slots.FreeCount - _promised < tokens) break;
            admitted.Add(job);
            budget -= tokens;
            int sharedLength = job.Prompt.Count - 1;
            var shared = new List<int>(_prefixes.Match(job.Prompt, sharedLength)); // reference taken for the job
            job.ReusedTokens = shared.Count;
            job.Slots.AddRange(shared);
            int computed = shared.Count;
            _slots.Allocate(sharedLength - computed, shared);
            job.Slots.AddRange(shared.Skip(computed));
            if (sharedLength > computed)
            {
                chunks.Add(new SequenceChunk(job.Prompt.Skip(computed).Take(sharedLength - computed).ToArray(), computed, shared.ToArray(), LogitsWanted.None));
                owners.Add(job);
            }
            foreach (var continuation in job.Continuations)
            {
                var own = new List<int>(shared);
                _slots.Allocate(continuation.Count, own);
                job.Slots.AddRange(own.Skip(sharedLength));
                int[] ids = [job.Prompt[^1], .. continuation.Take(continuation.Count - 1)];
                chunks.Add(new SequenceChunk(ids, sharedLength, own, LogitsWanted.All));
                owners.Add(job);
            }
        }
        foreach (var job in admitted) _scoring.Remove(job);
        return admitted;
    }

    private void CompleteScoring(List<ScoringJob> jobs, List<SequenceChunk> chunks, List<object> owners, float[] logits)
    {
        if (jobs.Count == 0) return;
        int vocab = Config.VocabSize, row = 0;
        var results = jobs.ToDictionary(j => j, _ => new List<float[]>());
        for (int c = 0; c < chunks.Count; c++)
        {
            if (owners[c] is ScoringJob job && chunks[c].Logits == LogitsWanted.All)
            {
                var continuation = job.Continuations[results[job].Count];
                var scores = new float[continuation.Count];
                for (int t = 0; t < continuation.Count; t++)
                    scores[t] = LogProbability(logits.AsSpan((row + t) * vocab, vocab), continuation[t]);
                results[job].Add(scores);
            }
            row += chunks[c].LogitRows;
        }
        foreach (var job in jobs)
        {
            ReleaseScoring(job);
            job.Completion.TrySetResult(new ScoringResult(results[job], job.ReusedTokens));
        }
    }

    private static float LogProbability(ReadOnlySpan<float> logits, int token) => (float)(logits[token] - LogSoftmax.LogSumExp(logits));

    private void ReleaseScoring(ScoringJob job)
    {
        _slots.Release(job.Slots);
        job.Slots.Clear();
    }

    private void FinishPrefix(Sequence s, TaskCompletionSource<PrefixHandle> completion)
    {
        var handle = new PrefixHandle(s.Request.PromptIds, s.ReusedTokens, h => _incoming.Writer.TryWrite(h));
        handle.Entry = _prefixes.Add(s.Request.PromptIds.ToArray(), s.Slots);
        _waiting.Remove(s);
        Remove(s);
        completion.TrySetResult(handle);
    }

    private void DropCancelled()
    {
        foreach (var s in _running.Concat(_waiting).Where(s => s.Cancellation.IsCancellationRequested).ToList())
        {
            Remove(s);
            s.Fail(new OperationCanceledException(s.Cancellation));
        }
        foreach (var j in _scoring.Where(j => j.Cancellation.IsCancellationRequested).ToList())
        {
            _scoring.Remove(j);
            j.Completion.TrySetCanceled(j.Cancellation);
        }
    }

    private void Finish(Sequence s, FinishReason reason)
    {
        Remove(s);
        s.Complete(reason);
    }

    /// <summary>Takes a sequence out of the engine and gives back its KV slots and promised slots.</summary>
    private void Remove(Sequence s)
    {
        _running.Remove(s);
        _waiting.Remove(s);
        _slots.Release(s.Slots);
        s.Slots.Clear();
        _promised -= s.Promised;
        s.Promised = 0;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_shutdown.IsCancellationRequested) return;
        _incoming.Writer.TryComplete();
        _shutdown.Cancel();
        _thread.Join();
        _cache.Dispose();
        _shutdown.Dispose();
    }
}
