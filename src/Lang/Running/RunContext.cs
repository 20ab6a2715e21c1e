using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace LlmLang;

/// <summary>
/// What every state of one run shares: the backend, defaults, trace, stream, prefix leases and a cancellation source
/// that stops all pending work as soon as the caller cancels or any step fails.
/// </summary>
internal sealed class RunContext : IDisposable
{
    private readonly ConcurrentQueue<TraceEntry> _trace = new();
    private readonly ConcurrentQueue<IPrefixLease> _leases = new();
    private readonly ConcurrentQueue<ProgramState> _states = new();
    private readonly CancellationTokenSource _stop;
    private readonly CancellationToken _caller;
    private ExceptionDispatchInfo? _failure;
    private int _nextStateId;

    public RunContext(ILlmBackend backend, RunOptions options, ChannelWriter<TextDelta>? stream, CancellationToken cancellation)
    {
        Backend = backend;
        Options = options;
        Stream = stream;
        _caller = cancellation;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
    }

    public ILlmBackend Backend { get; }
    public RunOptions Options { get; }
    public ChannelWriter<TextDelta>? Stream { get; }

    /// <summary>Cancelled when the caller cancels or any step of the run fails.</summary>
    public CancellationToken Cancellation => _stop.Token;

    public ProgramState CreateState(string text, IReadOnlyDictionary<string, Variable> variables)
    {
        var state = new ProgramState(this, Interlocked.Increment(ref _nextStateId) - 1, text, variables);
        _states.Enqueue(state);
        return state;
    }

    public void Record(TraceEntry entry) => _trace.Enqueue(entry);

    public void Hold(IPrefixLease lease) => _leases.Enqueue(lease);

    public ProgramTrace Trace() => new(_trace.ToArray());

    /// <summary>Remembers the first real failure (not the cancellations it causes) and stops all other work.</summary>
    public void Fail(Exception error)
    {
        if (error is not OperationCanceledException || !_stop.IsCancellationRequested)
            Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(error), null);
        _stop.Cancel();
    }

    /// <summary>
    /// Waits for every state's queued work (forks included) and releases cached prefixes. Then rethrows, in order of
    /// precedence: the first step failure, the program body's own exception, the caller's cancellation.
    /// </summary>
    public async Task FinishAsync(Exception? programError)
    {
        if (programError is not null) Fail(programError);
        try
        {
            foreach (var state in _states)
                await state.Idle().ConfigureAwait(false);
        }
        finally
        {
            while (_leases.TryDequeue(out var lease))
                await lease.DisposeAsync().ConfigureAwait(false);
        }
        _failure?.Throw();
        _caller.ThrowIfCancellationRequested();
    }

    public void Dispose() => _stop.Dispose();
}
