using System.Diagnostics;

namespace LlmLang.Tests;

/// <summary>The interpreter's semantics on a scripted backend: text and roles, variables, forks and joins, streaming,
/// cancellation, errors and typed values.</summary>
public class InterpreterTests
{
    private static readonly ExecutionGraph NoGraph = new("test", [], isComplete: false);

    private static Task<ProgramResult> Run(ILlmBackend backend, Action<ProgramState> program, RunOptions? options = null, CancellationToken token = default) =>
        ProgramRunner.RunAsync(backend, program, NoGraph, r => r, options, token);

    [Fact]
    public async Task RolesRenderWithTheBackendsChatFormatAndGenFillsVariables()
    {
        var format = new ChatFormat("<sys>", "</sys>", "<user>", "</user>", "<bot>", "</bot>");
        var backend = new ScriptedBackend(r => r.Prompt.EndsWith("<bot>") && r.Prompt.Contains("Paris") ? "France" : "?", chatFormat: format);
        var result = await Run(backend, s =>
        {
            s += Role.System("Be brief.");
            s += Role.User("Where is Paris?");
            s += Role.Assistant(Gen("country", maxTokens: 5));
            s += Role.User("And then?");
            s += Role.BeginAssistant();
            s += "Answer: " + Gen("second");
            s += Role.EndAssistant();
        });
        Assert.Equal("<sys>Be brief.</sys><user>Where is Paris?</user><bot>France</bot><user>And then?</user><bot>Answer: ?</bot>", result.Text);
        Assert.Equal("France", result["country"]);
        Assert.Equal("?", result["second"]);
        Assert.Equal(5, backend.Generations.First().Sampling.MaxTokens);
        Assert.Equal(2, result.Trace.Entries.Count);
        Assert.Equal("<sys>Be brief.</sys><user>Where is Paris?</user><bot>", result.Trace.Entries[0].Sent);
    }

    [Fact]
    public async Task ReadingAVariableInsideTheProgramWaitsForIt()
    {
        var backend = new ScriptedBackend(r => r.Prompt.EndsWith("A=") ? "1" : "2") { Delay = TimeSpan.FromMilliseconds(30) };
        var result = await Run(backend, s =>
        {
            s += "A=" + Gen("a");
            string a = s["a"]; // data-dependent control flow: blocks until "a" exists
            s += a == "1" ? " ok" : " bad";
        });
        Assert.Equal("A=1 ok", result.Text);
        var entry = Assert.Single(result.Trace.Entries);
        Assert.Equal(("gen", "a", "A=", "1"), (entry.Kind, entry.Variable, entry.Sent, entry.Received));
        Assert.True(entry.Elapsed >= TimeSpan.FromMilliseconds(25), $"the 30 ms call was timed at {entry.Elapsed}");
        Assert.Equal(new Usage(1, 0, 1), entry.Usage);
    }

    [Fact]
    public async Task ForkBranchesRunInParallelFromOneCommittedPrefixAndJoinGathersVariables()
    {
        // Each call waits until all three branches are in flight: run one after another, they would time out.
        var allIn = new TaskCompletionSource();
        int arrived = 0;
        var backend = new ScriptedBackend(async (r, token) =>
        {
            if (Interlocked.Increment(ref arrived) == 3) allIn.SetResult();
            await allIn.Task.WaitAsync(TimeSpan.FromSeconds(20), token);
            return r.Prompt[^1].ToString();
        });
        var result = await Run(backend, s =>
        {
            s += "Ideas:";
            var branches = s.Fork(3);
            for (int i = 0; i < branches.Length; i++) branches[i] += $" {i}" + Gen("idea");
            s.Join(branches);
            s += " done";
        });
        Assert.Equal(["Ideas:"], backend.CommittedPrefixes);
        Assert.Equal(0, backend.HeldPrefixes); // released when the run ended
        Assert.Equal("Ideas: done", result.Text);
        Assert.Equal(["0", "1", "2"], result.Get<string[]>("idea"));
        Assert.Equal("2", result["idea[2]"]);
        var prefix = Assert.Single(result.Trace.Entries, e => e.Kind == "prefix");
        Assert.Equal(new Usage(1, 0, 0), prefix.Usage); // "Ideas:" computed once...
        Assert.All(result.Trace.Entries.Where(e => e.Kind == "gen"), e => Assert.Equal(1, e.Usage.CachedPromptTokens)); // ...then served from the cache
    }

    [Fact]
    public async Task AppendingReturnsAtOnceAndTheBodyRunsOffTheCallersThread()
    {
        // The backend answers only after the body has made both appends: if `+=` waited for the gen, this would time out.
        var appended = new TaskCompletionSource();
        var backend = new ScriptedBackend(async (_, token) => { await appended.Task.WaitAsync(TimeSpan.FromSeconds(20), token); return "x"; });
        int caller = Environment.CurrentManagedThreadId, body = caller;
        var result = await Run(backend, s =>
        {
            body = Environment.CurrentManagedThreadId;
            s += Gen("a");
            s += Gen("b");
            appended.SetResult();
        });
        Assert.NotEqual(caller, body);
        Assert.Equal("xx", result.Text); // the run still waited for both
    }

    [Fact]
    public async Task ForksNestAndEachLevelCommitsItsOwnPrefixOnce()
    {
        var backend = new ScriptedBackend(r => "<" + r.Prompt + ">");
        var result = await Run(backend, s =>
        {
            s += "Q";
            var outer = s.Fork(2);
            for (int i = 0; i < outer.Length; i++)
            {
                outer[i] += $"{i}";
                var inner = outer[i].Fork(2);
                for (int j = 0; j < inner.Length; j++) inner[j] += $"{j}" + Gen("leaf");
                outer[i].Join(inner);
                outer[i] += Gen("summary");
            }
            s.Join(outer);
        });
        Assert.Equal(["Q", "Q0", "Q1"], backend.CommittedPrefixes.Order());
        Assert.Equal(["<Q0>", "<Q1>"], result.Get<string[]>("summary"));
        Assert.Equal("<Q00>\n<Q01>", result["leaf[0]"]);
        Assert.Equal("<Q10>\n<Q11>", result["leaf[1]"]);
        Assert.Equal(0, backend.HeldPrefixes);
        Assert.Equal(6, result.Trace.Entries.Count(e => e.Kind == "gen"));
    }

    [Fact]
    public async Task ConcatenateJoinAppendsEachBranchsTextInOrder()
    {
        var backend = new ScriptedBackend(r => r.Prompt.EndsWith("a") ? "A" : "B");
        var result = await Run(backend, s =>
        {
            s += ">";
            var branches = s.Fork(2);
            branches[0] += "a" + Gen("x");
            branches[1] += "b" + Gen("x");
            s.Join(branches, JoinMode.ConcatenateText);
        });
        Assert.Equal(">aAbB", result.Text);
        Assert.Equal("A\nB", result["x"]);
    }

    [Fact]
    public async Task StreamingYieldsTheProgramTextInOrderWithVariableTags()
    {
        var backend = new ScriptedBackend(_ => "hello world");
        var deltas = new List<TextDelta>();
        await foreach (var d in ProgramRunner.StreamAsync(backend, s => { s += "Q: "; s += Gen("answer"); s += "!"; }, NoGraph, null, default))
            deltas.Add(d);
        Assert.Equal("Q: hello world!", string.Concat(deltas.Select(d => d.Text)));
        Assert.Equal("hello world", string.Concat(deltas.Where(d => d.Variable == "answer").Select(d => d.Text)));
        Assert.True(deltas.Count(d => d.Variable == "answer") > 1); // token by token, not one block
    }

    [Fact]
    public async Task CancellationStopsTheRunAndReleasesPrefixes()
    {
        var backend = new ScriptedBackend(_ => "x") { Delay = TimeSpan.FromSeconds(30) };
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(150));
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Run(backend, s =>
        {
            s += "shared";
            var branches = s.Fork(2);
            for (int i = 0; i < branches.Length; i++) branches[i] += Gen("slow");
            s.Join(branches);
        }, token: cts.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
        Assert.Equal(0, backend.HeldPrefixes);
    }

    [Fact]
    public async Task BackendErrorsSurfaceFromRunAsync()
    {
        var backend = new ScriptedBackend(_ => throw new InvalidOperationException("model exploded"));
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Run(backend, s => s += Gen("x")));
        Assert.Equal("model exploded", e.Message);
    }

    [Fact]
    public async Task TypedGenParsesAndConstrainsPrimitives()
    {
        var backend = new ScriptedBackend(r => r.Constraint?.Kind == ConstraintKind.Regex ? "42" : "true");
        var result = await Run(backend, s => { s += Gen<int>("n"); s += Gen<bool>("b"); });
        Assert.Equal(42, result.Get<int>("n"));
        Assert.True(result.Get<bool>("b"));
        Assert.Equal(ConstraintKind.Regex, backend.Generations.First().Constraint!.Kind);
        Assert.Equal(["true", "false"], backend.Generations.Last().Constraint!.Choices);
    }

    [Fact]
    public async Task ConstraintsABackendCannotEnforceFailInsteadOfGeneratingFreely()
    {
        var backend = new ScriptedBackend(_ => "free text", constraints: new HashSet<ConstraintKind>());
        var e = await Assert.ThrowsAsync<NotSupportedException>(() => Run(backend, s => s += Gen("x", regex: "[0-9]+")));
        Assert.Contains("Regex", e.Message);
        Assert.Empty(backend.Generations);
    }

    [Fact]
    public void PrimitivesRejectBadArguments()
    {
        Assert.Throws<ArgumentException>(() => Gen("x", regex: "a", jsonSchema: "{}"));
        Assert.Throws<ArgumentException>(() => Select("x"));
        Assert.Throws<ArgumentException>(() => Gen(""));
        var e = Assert.Throws<InvalidOperationException>(() => Gen<Uri>("u"));
        Assert.Contains("no JSON schema is registered", e.Message);
    }

    [Fact]
    public async Task RunDefaultsApplyUnlessAGenOverridesThem()
    {
        var backend = new ScriptedBackend(_ => "x");
        var options = new RunOptions { Sampling = new SamplingOptions { Temperature = 0.2, MaxTokens = 7, Seed = 3 } };
        await Run(backend, s => { s += Gen("a"); s += Gen("b", temperature: 0.9); }, options);
        var requests = backend.Generations.ToArray();
        Assert.Equal(0.2, requests[0].Sampling.Temperature);
        Assert.Equal(0.9, requests[1].Sampling.Temperature);
        Assert.Equal(3UL, requests[1].Sampling.Seed);
        Assert.Equal(128, requests[0].Sampling.MaxTokens); // Gen's own default maxTokens
    }
}
