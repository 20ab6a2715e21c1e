namespace LlmLang.Tests;

public class BatchTests
{
    [Fact]
    public async Task BatchCommitsTheSharedPrefixOnceBoundsParallelismAndKeepsOrder()
    {
        int running = 0, peak = 0;
        // The first three calls wait until all three are in flight (proving three run at once); the rest pass straight through.
        var threeIn = new TaskCompletionSource();
        int arrived = 0;
        var backend = new ScriptedBackend(async (r, token) =>
        {
            int now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            int order = Interlocked.Increment(ref arrived);
            if (order == 3) threeIn.SetResult();
            if (order <= 3) await threeIn.Task.WaitAsync(TimeSpan.FromSeconds(20), token);
            await Task.Delay(5, token);
            Interlocked.Decrement(ref running);
            return r.Prompt[^1].ToString();
        });
        var graph = new ExecutionGraph("classify", [
            new GraphNode(GraphNodeKind.RoleBegin, "System"), new GraphNode(GraphNodeKind.Text, "Classify."), new GraphNode(GraphNodeKind.RoleEnd, "System"),
            new GraphNode(GraphNodeKind.Argument, "item")], isComplete: true);
        var programs = Enumerable.Range(0, 10).Select(i => (Action<ProgramState>)(s =>
        {
            s += Role.System("Classify.");
            s += $"item {i}";
            s += Gen("label");
        })).ToList();
        var reports = new List<BatchProgress>();
        var progress = new SynchronousProgress(reports);
        var results = await ProgramRunner.RunBatchAsync(backend, programs, graph, r => r["label"],
            new BatchOptions { MaxDegreeOfParallelism = 3 }, progress, default);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i.ToString()), results);
        Assert.Equal(["System: Classify.\n"], backend.CommittedPrefixes);
        Assert.Equal(3, peak);
        Assert.Equal(10, reports.Count);
        Assert.Equal(10, reports.Max(r => r.Completed));
        Assert.Equal(0, backend.HeldPrefixes);
    }

    [Fact]
    public async Task NothingIsCommittedToABackendWithoutPrefixCaching()
    {
        var plain = new ScriptedBackend(_ => "x");
        var backend = new ScriptedBackend(_ => "x") { Capabilities = plain.Capabilities with { PrefixCaching = false } };
        var graph = new ExecutionGraph("p", [new GraphNode(GraphNodeKind.Text, "Shared"), new GraphNode(GraphNodeKind.Argument, "i")], true);
        var results = await ProgramRunner.RunBatchAsync(backend, [s => { s += "Shared"; s.Join(s.Fork(2)); }, s => s += "Shared"], graph, r => r, null, null, default);
        Assert.Empty(backend.CommittedPrefixes);
        Assert.DoesNotContain(results.SelectMany(r => r.Trace.Entries), e => e.Kind == "prefix");
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }

    private sealed class SynchronousProgress(List<BatchProgress> reports) : IProgress<BatchProgress>
    {
        public void Report(BatchProgress value)
        {
            lock (reports) reports.Add(value);
        }
    }
}
