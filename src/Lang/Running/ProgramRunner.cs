using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace LlmLang;

/// <summary>
/// Runs programs: the entry points generated for <c>[LlmFunction]</c> methods call these. The program body runs on a
/// worker thread; its fragments run against the backend in order per state, branches in parallel.
/// </summary>
public static class ProgramRunner
{
    /// <summary>Runs one program to completion and wraps its result.</summary>
    public static async Task<TResult> RunAsync<TResult>(ILlmBackend backend, Action<ProgramState> program, ExecutionGraph graph,
        Func<ProgramResult, TResult> result, RunOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(backend);
        var run = new RunContext(backend, options ?? new RunOptions(), cancellationToken, stream: null);
        return result(await Execute(run, program).ConfigureAwait(false));
    }

    /// <summary>
    /// Runs many programs with bounded parallelism, reporting progress; results come back in input order. The constant
    /// prefix all items share (from <paramref name="graph"/>) is committed to the backend's prefix cache once, first.
    /// </summary>
    public static async Task<IReadOnlyList<TResult>> RunBatchAsync<TResult>(ILlmBackend backend, IReadOnlyList<Action<ProgramState>> programs,
        ExecutionGraph graph, Func<ProgramResult, TResult> result, BatchOptions? options, IProgress<BatchProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(backend);
        options ??= new BatchOptions();
        if (options.MaxDegreeOfParallelism < 1) throw new ArgumentException("MaxDegreeOfParallelism must be at least 1");
        string prefix = graph.ConstantPrefix(backend.ChatFormat);
        await using var lease = options.CacheSharedPrefix && prefix.Length > 0 && programs.Count > 1
            ? await backend.CachePrefixAsync(prefix, cancellationToken).ConfigureAwait(false)
            : null;
        var results = new TResult[programs.Count];
        int completed = 0;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await Parallel.ForEachAsync(Enumerable.Range(0, programs.Count),
            new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, CancellationToken = linked.Token },
            async (i, token) =>
            {
                var run = new RunContext(backend, options.Run, token, stream: null);
                results[i] = result(await Execute(run, programs[i]).ConfigureAwait(false));
                progress?.Report(new BatchProgress(Interlocked.Increment(ref completed), programs.Count));
            }).ConfigureAwait(false);
        return results;
    }

    /// <summary>Runs a program and yields its text as it is produced (constant text, role markers and generated tokens).</summary>
    public static async IAsyncEnumerable<TextDelta> StreamAsync(ILlmBackend backend, Action<ProgramState> program, ExecutionGraph graph,
        RunOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(backend);
        var channel = Channel.CreateUnbounded<TextDelta>(new UnboundedChannelOptions { SingleReader = true });
        var run = new RunContext(backend, options ?? new RunOptions(), cancellationToken, channel.Writer);
        var running = Task.Run(async () =>
        {
            try
            {
                await Execute(run, program).ConfigureAwait(false);
                channel.Writer.TryComplete();
            }
            catch (Exception e)
            {
                channel.Writer.TryComplete(e);
            }
        }, CancellationToken.None);
        await foreach (var delta in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false)) yield return delta;
        await running.ConfigureAwait(false);
    }

    private static async Task<ProgramResult> Execute(RunContext run, Action<ProgramState> program)
    {
        var root = run.CreateState("", new Dictionary<string, Variable>());
        try
        {
            await Task.Run(() => program(root), run.Cancellation).ConfigureAwait(false);
        }
        finally
        {
            await run.FinishAsync().ConfigureAwait(false);
        }
        return root.ToResult(run.Trace());
    }
}
