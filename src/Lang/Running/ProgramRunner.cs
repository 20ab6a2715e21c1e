using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace LlmLang;

/// <summary>
/// Runs programs: what the generated <c>…Async</c>, <c>…BatchAsync</c> and <c>…StreamAsync</c> methods call. The program
/// body runs on its own thread (it blocks whenever it reads a value that is still being generated), while its
/// fragments run asynchronously against the backend.
/// </summary>
public static class ProgramRunner
{
    /// <summary>Runs <paramref name="program"/> once and wraps the outcome with <paramref name="result"/>.</summary>
    /// <param name="backend">The model.</param>
    /// <param name="program">The program body, given the root state.</param>
    /// <param name="graph">The program's execution graph.</param>
    /// <param name="result">Makes the typed result from the untyped one.</param>
    /// <param name="options">Sampling defaults and fork caching, or null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the run: pending work is dropped and backend calls are cancelled.</param>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    /// <remarks>The first exception of the backend, of a step or of the body surfaces here; the others are dropped.</remarks>
    public static async Task<TResult> RunAsync<TResult>(ILlmBackend backend, Action<ProgramState> program, ExecutionGraph graph,
        Func<ProgramResult, TResult> result, RunOptions? options, CancellationToken cancellationToken)
    {
        Check(backend, program, graph, result);
        return result(await ExecuteAsync(backend, program, options ?? new RunOptions(), stream: null, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Runs every program, at most <see cref="BatchOptions.MaxDegreeOfParallelism"/> at once, after committing the
    /// constant prefix they all share (from <paramref name="graph"/>) to the backend's prefix cache once.
    /// </summary>
    /// <returns>The results in input order.</returns>
    /// <exception cref="OperationCanceledException">The batch was cancelled.</exception>
    /// <remarks>The first failing program fails the batch and cancels the programs still running.</remarks>
    public static async Task<IReadOnlyList<TResult>> RunBatchAsync<TResult>(ILlmBackend backend, IReadOnlyList<Action<ProgramState>> programs,
        ExecutionGraph graph, Func<ProgramResult, TResult> result, BatchOptions? options, IProgress<BatchProgress>? progress, CancellationToken cancellationToken)
    {
        Check(backend, programs, graph, result);
        options ??= new BatchOptions();
        if (options.MaxDegreeOfParallelism < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxDegreeOfParallelism, "BatchOptions.MaxDegreeOfParallelism must be at least 1");
        var results = new TResult[programs.Count];
        if (programs.Count == 0) return results;
        bool share = options.CacheSharedPrefix && backend.Capabilities.PrefixCaching && programs.Count > 1;
        string prefix = share ? graph.ConstantPrefix(backend.ChatFormat) : "";
        var lease = prefix.Length > 0 ? await backend.CachePrefixAsync(prefix, cancellationToken).ConfigureAwait(false) : null;
        try
        {
            int completed = 0;
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(Enumerable.Range(0, programs.Count), parallel, async (i, token) =>
            {
                results[i] = result(await ExecuteAsync(backend, programs[i], options.Run, stream: null, token).ConfigureAwait(false));
                progress?.Report(new BatchProgress(Interlocked.Increment(ref completed), programs.Count));
            }).ConfigureAwait(false);
            return results;
        }
        finally
        {
            if (lease is not null) await lease.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs <paramref name="program"/> and yields its text as it is produced (constant text, role markers and generated
    /// pieces, each tagged with its variable and state). Stopping the enumeration early cancels the run.
    /// </summary>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public static async IAsyncEnumerable<TextDelta> StreamAsync(ILlmBackend backend, Action<ProgramState> program, ExecutionGraph graph,
        RunOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Check(backend, program, graph, graph);
        var channel = Channel.CreateUnbounded<TextDelta>(new UnboundedChannelOptions { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = Task.Run(async () =>
        {
            try
            {
                await ExecuteAsync(backend, program, options ?? new RunOptions(), channel.Writer, stop.Token).ConfigureAwait(false);
                channel.Writer.TryComplete();
            }
            catch (Exception e)
            {
                channel.Writer.TryComplete(e);
            }
        }, CancellationToken.None);
        try
        {
            await foreach (var delta in channel.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
                yield return delta;
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await running.ConfigureAwait(false);
        }
    }

    /// <summary>Runs one program to the end: the body on its own thread, then every state's remaining work.</summary>
    internal static async Task<ProgramResult> ExecuteAsync(ILlmBackend backend, Action<ProgramState> program, RunOptions options,
        ChannelWriter<TextDelta>? stream, CancellationToken cancellationToken)
    {
        using var run = new RunContext(backend, options, stream, cancellationToken);
        var root = run.CreateState("", new Dictionary<string, Variable>());
        Exception? programError = null;
        try
        {
            // A dedicated thread: the body blocks on every read, which must not starve the pool the backend runs on.
            await Task.Factory.StartNew(() => program(root), run.Cancellation, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            programError = e;
        }
        await run.FinishAsync(programError).ConfigureAwait(false);
        return root.ToResult(run.Trace());
    }

    private static void Check(object backend, object program, object graph, object result)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(result);
    }
}
