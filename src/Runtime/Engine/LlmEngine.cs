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
/// the prompts admitted this step; finished and cancelled sequences leave between steps and free their KV slots.
/// </summary>
public sealed class LlmEngine : IDisposable
{
    private readonly Transformer _model;
    private readonly ITokenizer? _tokenizer;
    private readonly EngineOptions _options;
    private readonly KvCache _cache;
    private readonly KvSlotPool _slots;
    private readonly Channel<Sequence> _incoming = Channel.CreateUnbounded<Sequence>();
    private readonly List<Sequence> _waiting = new();
    private readonly List<Sequence> _running = new();
    private readonly Thread _thread;
    private readonly CancellationTokenSource _shutdown = new();
    private int _reserved;

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
        _thread = new Thread(Loop) { IsBackground = true, Name = "llmlang-engine" };
        _thread.Start();
    }

    /// <summary>The model's hyper-parameters.</summary>
    public ModelConfig Config => _model.Config;

    /// <summary>The tokenizer requests are decoded with, if any.</summary>
    public ITokenizer? Tokenizer => _tokenizer;

    /// <summary>Free KV slots right now (for tests and metrics: returns to capacity when nothing runs).</summary>
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
        var channel = Channel.CreateUnbounded<GenerationDelta>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var sequence = Submit(request, channel.Writer, cancellationToken);
        await foreach (var delta in channel.Reader.ReadAllAsync(cancellationToken)) yield return delta;
        await sequence.Completion.Task;
    }

    private Sequence Submit(GenerationRequest request, ChannelWriter<GenerationDelta>? stream, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_shutdown.IsCancellationRequested, this);
        Validate(request);
        var sequence = new Sequence(request, _tokenizer, stream, cancellationToken);
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
        foreach (int id in request.PromptIds)
            if ((uint)id >= (uint)Config.VocabSize) throw new ArgumentException($"prompt token id {id} is outside the vocabulary (size {Config.VocabSize})");
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
                while (_incoming.Reader.TryRead(out var s)) _waiting.Add(s);
                DropCancelled();
                if (_running.Count == 0 && _waiting.Count == 0)
                {
                    // Nothing to do: sleep until a request arrives or the engine shuts down.
                    try { _incoming.Reader.WaitToReadAsync(token).AsTask().Wait(token); }
                    catch (OperationCanceledException) { break; }
                    continue;
                }
                Step();
            }
        }
        finally
        {
            var stopped = new ObjectDisposedException(nameof(LlmEngine), "the engine was shut down");
            foreach (var s in _running.Concat(_waiting)) s.Fail(stopped);
            while (_incoming.Reader.TryRead(out var s)) s.Fail(stopped);
        }
    }

    /// <summary>One forward pass: a token for every running sequence, plus prompt chunks of newly admitted ones.</summary>
    private void Step()
    {
        var chunks = new List<SequenceChunk>();
        var owners = new List<Sequence>();
        foreach (var s in _running)
        {
            _slots.Allocate(1, s.Slots);
            chunks.Add(new SequenceChunk([s.TokenAt(s.Length - 1)], s.Length - 1, s.Slots));
            owners.Add(s);
        }
        int budget = _options.MaxPrefillTokens;
        for (int i = 0; i < _waiting.Count && budget > 0 && owners.Count < _options.MaxBatch;)
        {
            var s = _waiting[i];
            int reservation = Math.Min(s.Request.PromptIds.Count + s.Request.Sampling.MaxTokens, Config.MaxSeqLen);
            if (s.CachedLength == 0)
            {
                if (_slots.Capacity - _reserved < reservation) { i++; continue; } // wait for running sequences to finish
                _reserved += reservation;
                s.Reservation = reservation;
                s.MarkAdmitted();
            }
            int take = Math.Min(budget, s.Request.PromptIds.Count - s.CachedLength);
            _slots.Allocate(take, s.Slots);
            var ids = s.Request.PromptIds.Skip(s.CachedLength).Take(take).ToArray();
            bool last = s.CachedLength + take == s.Request.PromptIds.Count;
            chunks.Add(new SequenceChunk(ids, s.CachedLength, s.Slots, last ? LogitsWanted.Last : LogitsWanted.None));
            owners.Add(s);
            budget -= take;
            i++;
        }
        if (chunks.Count == 0) return;

        float[] logits;
        try
        {
            using var scope = NewDisposeScope();
            var output = _model.Forward(chunks, _cache);
            logits = output is null ? [] : System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(output.bytes).ToArray();
        }
        catch (Exception e)
        {
            // A failed pass poisons only the sequences in it; the engine keeps serving the rest.
            foreach (var s in owners) { Remove(s); s.Fail(e); }
            return;
        }

        int vocab = Config.VocabSize, row = 0;
        uint[]? mask = null;
        for (int c = 0; c < chunks.Count; c++)
        {
            var s = owners[c];
            s.CachedLength = chunks[c].EndPosition;
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
    }

    private void DropCancelled()
    {
        foreach (var s in _running.Concat(_waiting).Where(s => s.Cancellation.IsCancellationRequested).ToList())
        {
            Remove(s);
            s.Fail(new OperationCanceledException(s.Cancellation));
        }
    }

    private void Finish(Sequence s, FinishReason reason)
    {
        Remove(s);
        s.Complete(reason);
    }

    /// <summary>Takes a sequence out of the engine and gives back its KV slots and reservation.</summary>
    private void Remove(Sequence s)
    {
        _running.Remove(s);
        _waiting.Remove(s);
        _slots.Release(s.Slots);
        s.Slots.Clear();
        _reserved -= s.Reservation;
        s.Reservation = 0;
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
