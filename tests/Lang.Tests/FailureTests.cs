using System.Diagnostics;

namespace LlmLang.Tests;

/// <summary>Failures and cancellation: the first real error surfaces, everything else pending stops, nothing hangs.</summary>
public class FailureTests
{
    private static Task<ProgramResult> Run(ILlmBackend backend, Action<ProgramState> program, CancellationToken token = default) =>
        ProgramRunner.RunAsync(backend, program, ExecutionGraph.Untraced("t"), r => r, null, token);

    [Fact]
    public async Task AFailingBranchCancelsItsSiblingsAndItsErrorSurfaces()
    {
        var slowCalls = new List<CancellationToken>();
        var backend = new ScriptedBackend(async (request, token) =>
        {
            if (request.Prompt.EndsWith("bad")) throw new InvalidOperationException("branch 1 broke");
            lock (slowCalls) slowCalls.Add(token);
            await Task.Delay(TimeSpan.FromSeconds(30), token);
            return "late";
        });
        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Run(backend, s =>
        {
            s += "go ";
            var b = s.Fork(3);
            b[0] += "slow" + Gen("x");
            b[1] += "bad" + Gen("x");
            b[2] += "slow" + Gen("x") + Gen("never");
            s.Join(b);
        }));
        Assert.Equal("branch 1 broke", e.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.All(slowCalls, t => Assert.True(t.IsCancellationRequested));
        Assert.DoesNotContain(backend.Generations, r => r.Prompt.EndsWith("late"));
        Assert.Equal(0, backend.HeldPrefixes);
    }

    [Fact]
    public async Task TheProgramBodysOwnExceptionSurfacesAndQueuedWorkIsCancelled()
    {
        var reached = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        var backend = new ScriptedBackend(async (_, token) =>
        {
            reached.TrySetResult(token);
            await Task.Delay(TimeSpan.FromSeconds(30), token);
            return "";
        });
        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<ApplicationException>(() => Run(backend, s =>
        {
            s += Gen("a");
            s += Gen("b");
            throw new ApplicationException("body broke");
        }));
        Assert.Equal("body broke", e.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.True(backend.Generations.Count <= 1);
        // A generation that reached the script runs under a cancelled token; one the backend took but had not yet
        // started when the body broke stops at its own cancellation check and never reaches the script.
        if (await Task.WhenAny(reached.Task, Task.Delay(TimeSpan.FromSeconds(1))) == reached.Task)
            Assert.True((await reached.Task).IsCancellationRequested);
    }

    [Fact]
    public async Task ReadingAMissingVariableNamesItAndTheReason()
    {
        var backend = new ScriptedBackend(_ => "x");
        var e = await Assert.ThrowsAsync<KeyNotFoundException>(() => Run(backend, s =>
        {
            var b = s.Fork(1);
            b[0] += Gen("inner");
            _ = s["inner"]; // not joined yet
        }));
        Assert.Contains("branch variables need a Join", e.Message);
        var result = await Run(backend, s => s += Gen("a"));
        Assert.Contains("it has: a", Assert.Throws<KeyNotFoundException>(() => result["z"]).Message);
    }

    [Fact]
    public async Task CancellingBeforeTheFirstCallSendsNothing()
    {
        var backend = new ScriptedBackend(_ => "x");
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Run(backend, s => s += Gen("a"), cts.Token));
        Assert.Empty(backend.Generations);
    }

    [Fact]
    public async Task CancellingABatchStopsEveryItem()
    {
        var backend = new ScriptedBackend(_ => "x") { Delay = TimeSpan.FromSeconds(30) };
        using var cts = new CancellationTokenSource();
        var programs = Enumerable.Range(0, 6).Select(_ => (Action<ProgramState>)(s => s += "Q" + Gen("a"))).ToList();
        var clock = Stopwatch.StartNew();
        var batch = ProgramRunner.RunBatchAsync(backend, programs, ExecutionGraph.Untraced("t"), r => r, new BatchOptions { MaxDegreeOfParallelism = 2 }, null, cts.Token);
        // Cancel once the first call is in flight (a fixed timer raced a slow start on a loaded machine).
        while (backend.Generations.IsEmpty && clock.Elapsed < TimeSpan.FromSeconds(5)) await Task.Delay(5);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => batch);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
        Assert.InRange(backend.Generations.Count, 1, 2);
    }

    [Fact]
    public async Task AFailingBatchItemFailsTheBatchAndReleasesThePrefix()
    {
        var backend = new ScriptedBackend(r => r.Prompt.EndsWith("3") ? throw new InvalidOperationException("item 3") : "ok");
        var graph = new ExecutionGraph("t", [new GraphNode(GraphNodeKind.Text, "Shared "), new GraphNode(GraphNodeKind.Argument, "i")], true);
        var programs = Enumerable.Range(0, 5).Select(i => (Action<ProgramState>)(s => s += $"Shared {i}" + Gen("a"))).ToList();
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            ProgramRunner.RunBatchAsync(backend, programs, graph, r => r, null, null, default));
        Assert.Equal("item 3", e.Message);
        Assert.Equal(["Shared "], backend.CommittedPrefixes);
        Assert.Equal(0, backend.HeldPrefixes);
    }

    [Fact]
    public async Task BadBatchOptionsAndEmptyBatches()
    {
        var backend = new ScriptedBackend(_ => "x");
        var graph = ExecutionGraph.Untraced("t");
        Assert.Empty(await ProgramRunner.RunBatchAsync(backend, [], graph, r => r, null, null, default));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            ProgramRunner.RunBatchAsync(backend, [s => s += "x"], graph, r => r, new BatchOptions { MaxDegreeOfParallelism = 0 }, null, default));
        Assert.Throws<ArgumentOutOfRangeException>(() => Run(backend, s => s.Fork(0)).GetAwaiter().GetResult());
    }
}
