using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace LlmLang.Testing;

/// <summary>
/// A deterministic backend for tests and demos: generations come from a function of the request, choice scores from
/// another, and every call is recorded. "Tokens" are whitespace-separated words, so usage figures are predictable;
/// prompt words covered by a prefix committed with <see cref="CachePrefixAsync"/> count as cached.
/// </summary>
public sealed class ScriptedBackend : ILlmBackend
{
    private readonly Func<GenerateRequest, CancellationToken, Task<string>> _generate;
    private readonly Func<ScoreRequest, string, float[]> _score;
    private readonly ConcurrentDictionary<string, int> _prefixes = new();

    /// <summary>
    /// A backend answering <paramref name="generate"/>(request) to every generation and scoring each choice's words with
    /// <paramref name="score"/>(request, choice) (default: every word −1). All constraint kinds are "supported" unless
    /// <paramref name="constraints"/> says otherwise: the script is trusted to respect them.
    /// </summary>
    public ScriptedBackend(Func<GenerateRequest, string> generate, Func<ScoreRequest, string, float[]>? score = null,
        ChatFormat? chatFormat = null, IReadOnlySet<ConstraintKind>? constraints = null)
        : this((request, _) => Task.FromResult(generate(request)), score, chatFormat, constraints)
    {
    }

    /// <summary>As the other constructor, with an asynchronous script that sees the call's cancellation token.</summary>
    public ScriptedBackend(Func<GenerateRequest, CancellationToken, Task<string>> generate, Func<ScoreRequest, string, float[]>? score = null,
        ChatFormat? chatFormat = null, IReadOnlySet<ConstraintKind>? constraints = null)
    {
        ArgumentNullException.ThrowIfNull(generate);
        _generate = generate;
        _score = score ?? ((_, choice) => Words(choice).Select(_ => -1f).ToArray());
        ChatFormat = chatFormat ?? ChatFormat.Plain;
        Capabilities = new BackendCapabilities(constraints ?? Enum.GetValues<ConstraintKind>().ToHashSet(), PrefixCaching: true);
    }

    /// <inheritdoc />
    public ChatFormat ChatFormat { get; }

    /// <summary>What the backend claims to support (settable, to play a backend without prefix caching).</summary>
    public BackendCapabilities Capabilities { get; init; }

    /// <summary>Generation requests received, in order of arrival.</summary>
    public ConcurrentQueue<GenerateRequest> Generations { get; } = new();

    /// <summary>Score requests received.</summary>
    public ConcurrentQueue<ScoreRequest> Scorings { get; } = new();

    /// <summary>Every prefix committed, in order (released ones included).</summary>
    public ConcurrentQueue<string> CommittedPrefixes { get; } = new();

    /// <summary>Prefixes currently held.</summary>
    public int HeldPrefixes => _prefixes.Count(p => p.Value > 0);

    /// <summary>Optional delay before each generation completes (to test parallelism and cancellation).</summary>
    public TimeSpan Delay { get; init; }

    /// <inheritdoc />
    public async Task<GenerateResponse> GenerateAsync(GenerateRequest request, CancellationToken cancellationToken)
    {
        if (request.Constraint is { } constraint && !Capabilities.Constraints.Contains(constraint.Kind))
            throw new NotSupportedException($"this scripted backend does not support {constraint.Kind} constraints");
        Generations.Enqueue(request);
        if (Delay > TimeSpan.Zero) await Task.Delay(Delay, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        string text = await _generate(request, cancellationToken).ConfigureAwait(false);
        foreach (string stop in request.Sampling.Stop)
        {
            int at = text.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0) text = text[..at];
        }
        return new GenerateResponse(text, "stop", new Usage(Words(request.Prompt).Length, Cached(request.Prompt), Words(text).Length));
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<GenerateChunk> GenerateStreamAsync(GenerateRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var response = await GenerateAsync(request, cancellationToken).ConfigureAwait(false);
        // One chunk per character: the finest split a real stream could make.
        foreach (char c in response.Text)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new GenerateChunk(c.ToString());
        }
        yield return new GenerateChunk("", response);
    }

    /// <inheritdoc />
    public Task<ChoiceScores> ScoreChoicesAsync(ScoreRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Scorings.Enqueue(request);
        var conditional = request.Choices.Select(c => _score(request, c)).ToArray();
        var unconditional = request.Unconditional ? request.Choices.Select(c => _score(request with { Prompt = "" }, c)).ToArray() : null;
        var usage = new Usage(Words(request.Prompt).Length, Cached(request.Prompt), conditional.Sum(c => c.Length));
        return Task.FromResult(new ChoiceScores(conditional, unconditional, usage));
    }

    /// <inheritdoc />
    public Task<IPrefixLease> CachePrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var usage = new Usage(Words(prefix).Length, Cached(prefix), 0);
        CommittedPrefixes.Enqueue(prefix);
        _prefixes.AddOrUpdate(prefix, 1, (_, n) => n + 1);
        return Task.FromResult<IPrefixLease>(new Lease(usage, () => _prefixes.AddOrUpdate(prefix, 0, (_, n) => n - 1)));
    }

    private int Cached(string prompt) =>
        _prefixes.Where(p => p.Value > 0 && prompt.StartsWith(p.Key, StringComparison.Ordinal)).Select(p => Words(p.Key).Length).DefaultIfEmpty(0).Max();

    private static string[] Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    private sealed class Lease(Usage usage, Action release) : IPrefixLease
    {
        private int _released;

        public Usage Usage { get; } = usage;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) release();
            return ValueTask.CompletedTask;
        }
    }
}
