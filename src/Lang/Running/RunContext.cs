using System.Collections.Concurrent;
using System.Threading.Channels;

namespace LlmLang;

/// <summary>What every state of one run shares: the backend, defaults, cancellation, trace, stream and prefix leases.</summary>
internal sealed class RunContext(ILlmBackend backend, RunOptions options, CancellationToken cancellation, ChannelWriter<TextDelta>? stream)
{
    private readonly ConcurrentQueue<TraceEntry> _trace = new();
    private readonly ConcurrentBag<IAsyncDisposable> _leases = new();
    private readonly ConcurrentBag<ProgramState> _states = new();

    public ILlmBackend Backend { get; } = backend;
    public RunOptions Options { get; } = options;
    public CancellationToken Cancellation { get; } = cancellation;
    public ChannelWriter<TextDelta>? Stream { get; } = stream;

    public ProgramState CreateState(string text, IReadOnlyDictionary<string, Variable> variables)
    {
        var state = new ProgramState(this, text, variables);
        _states.Add(state);
        return state;
    }

    public void Record(TraceEntry entry) => _trace.Enqueue(entry);

    public void Hold(IAsyncDisposable lease) => _leases.Add(lease);

    public ProgramTrace Trace() => new(_trace.ToArray());

    /// <summary>Waits for every state's queued work (forks included), then releases cached prefixes.</summary>
    public async Task FinishAsync()
    {
        try
        {
            foreach (var state in _states) await state.DrainAsync();
        }
        finally
        {
            while (_leases.TryTake(out var lease)) await lease.DisposeAsync();
        }
    }
}
