namespace LlmLang.Tests;

/// <summary>Streaming: per-state order, branch tagging, per-variable filtering, early stop.</summary>
public class StreamingTests
{
    [Fact]
    public async Task BranchDeltasAreTaggedWithTheirStateAndEachStateKeepsItsOrder()
    {
        var backend = new ScriptedBackend(r => r.Prompt.EndsWith("A") ? "alpha" : "beta");
        var deltas = new List<TextDelta>();
        await foreach (var d in ProgramRunner.StreamAsync(backend, s =>
        {
            s += Role.User("hi");
            var b = s.Fork(2);
            b[0] += "A" + Gen("w");
            b[1] += "B" + Gen("w");
            s.Join(b, JoinMode.ConcatenateText);
        }, ExecutionGraph.Untraced("t"), null, default))
            deltas.Add(d);
        string Of(int state) => string.Concat(deltas.Where(d => d.State == state).Select(d => d.Text));
        Assert.Equal("User: hi\nAalphaBbeta", Of(0)); // the join concatenates the branches' text into the root
        Assert.Equal("Aalpha", Of(1));
        Assert.Equal("Bbeta", Of(2));
        Assert.Equal("alpha", string.Concat(deltas.Where(d => d.State == 1 && d.Variable == "w").Select(d => d.Text)));
    }

    [Fact]
    public async Task OneVariablesStreamIsAFilterOverTheProgramsStream()
    {
        var backend = new ScriptedBackend(r => r.Prompt.EndsWith("A: ") ? "one two three" : "other");
        var pieces = new List<string>();
        await foreach (string piece in ProgramRunner.StreamAsync(backend, s => { s += "A: " + Gen("a"); s += "\nB: " + Gen("b"); },
                           ExecutionGraph.Untraced("t"), null, default).Where(d => d.Variable == "a").Select(d => d.Text))
            pieces.Add(piece);
        Assert.Equal("one two three", string.Concat(pieces));
        Assert.Equal(13, pieces.Count); // the scripted backend streams one character at a time
    }

    [Fact]
    public async Task StoppingTheEnumerationEarlyCancelsTheRun()
    {
        CancellationToken seen = default;
        var backend = new ScriptedBackend(async (r, token) =>
        {
            if (r.Prompt.EndsWith("second")) { seen = token; await Task.Delay(TimeSpan.FromSeconds(30), token); }
            return "one two";
        });
        await foreach (var d in ProgramRunner.StreamAsync(backend, s => { s += "first" + Gen("a"); s += "second" + Gen("b"); },
                           ExecutionGraph.Untraced("t"), null, default))
            if (d.Variable == "a") break;
        Assert.True(seen == default || seen.IsCancellationRequested);
    }

    [Fact]
    public async Task ErrorsEndTheStreamWithTheBackendsException()
    {
        var backend = new ScriptedBackend(r => r.Prompt.Contains("boom") ? throw new InvalidOperationException("boom") : "ok");
        var got = new List<string>();
        var e = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var d in ProgramRunner.StreamAsync(backend, s => { s += "x" + Gen("a"); s += "boom" + Gen("b"); }, ExecutionGraph.Untraced("t"), null, default))
                got.Add(d.Text);
        });
        Assert.Equal("boom", e.Message);
        Assert.Equal("xok", string.Concat(got.Take(3)));
    }
}
