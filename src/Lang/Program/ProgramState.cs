using System.Diagnostics;
using System.Text;

namespace LlmLang;

/// <summary>
/// One stream of a running program (SGLang's stream executor). <c>s += fragment</c> queues the fragment and returns at
/// once; queued fragments run in order against the backend. Reading the text or a variable waits for the work queued
/// before it. <see cref="Fork"/> makes branches that run in parallel from the current text; <see cref="Join"/> brings
/// their variables (and optionally text) back.
/// </summary>
public sealed class ProgramState
{
    private readonly RunContext _run;
    private readonly StringBuilder _text;
    private readonly Dictionary<string, Variable> _variables;
    private readonly HashSet<string> _produced = [];
    private readonly object _gate = new();
    private readonly int _id;
    private readonly int _forkedAt;
    private Task _tail = Task.CompletedTask;

    internal ProgramState(RunContext run, int id, string text, IReadOnlyDictionary<string, Variable> variables)
    {
        _run = run;
        _id = id;
        _text = new StringBuilder(text);
        _forkedAt = text.Length;
        _variables = new Dictionary<string, Variable>(variables);
    }

    /// <summary>Appends a fragment: queued, run in order with the state's other work.</summary>
    public void operator +=(Fragment fragment)
    {
        ArgumentNullException.ThrowIfNull(fragment);
        lock (_gate) _tail = RunAfter(_tail, fragment);
    }

    /// <summary>The text so far (waits for queued work).</summary>
    public string Text
    {
        get
        {
            Drain();
            lock (_gate) return _text.ToString();
        }
    }

    /// <summary>A variable's text (waits for queued work).</summary>
    /// <exception cref="KeyNotFoundException">No fragment produced it.</exception>
    public string this[string variable] => Find(variable).Text;

    /// <summary>A variable as <typeparamref name="T"/>: a <c>Gen&lt;T&gt;</c>'s value, or parsed from the text.</summary>
    public T Get<T>(string variable) => Find(variable).As<T>(variable);

    /// <summary>
    /// Makes <paramref name="n"/> branches that continue from the current text and variables and run in parallel.
    /// The shared text is committed to the backend's prefix cache first, so every branch reuses it.
    /// </summary>
    /// <remarks>An array, so <c>branches[i] += …</c> compiles: C# 14's compound assignment needs an assignable receiver.</remarks>
    public ProgramState[] Fork(int n)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "a fork needs at least one branch");
        Drain();
        string text;
        Dictionary<string, Variable> variables;
        lock (_gate)
        {
            text = _text.ToString();
            variables = new Dictionary<string, Variable>(_variables);
        }
        if (_run.Options.CacheForkPrefixes && _run.Backend.Capabilities.PrefixCaching && text.Length > 0) CommitPrefix(text);
        return Enumerable.Range(0, n).Select(_ => _run.CreateState(text, variables)).ToArray();
    }

    /// <summary>Waits for <paramref name="branches"/> and brings their variables (and, with
    /// <see cref="JoinMode.ConcatenateText"/>, the text each added) into this state.</summary>
    public void Join(IReadOnlyList<ProgramState> branches, JoinMode mode = JoinMode.GatherVariables)
    {
        ArgumentNullException.ThrowIfNull(branches);
        Drain();
        foreach (var branch in branches) branch.Drain();
        var names = new List<string>();
        foreach (var branch in branches)
            foreach (var name in branch.ProducedVariables())
                if (!names.Contains(name)) names.Add(name);
        lock (_gate)
        {
            foreach (var name in names)
            {
                var values = branches.Select(b => b.VariableOrNull(name)).ToArray();
                for (int i = 0; i < values.Length; i++) if (values[i] is { } v) _variables[$"{name}[{i}]"] = v;
                var present = values.OfType<Variable>().ToArray();
                _variables[name] = new Variable(string.Join("\n", present.Select(v => v.Text)), Gathered: present);
                _produced.Add(name);
            }
            if (mode == JoinMode.ConcatenateText)
                foreach (var branch in branches) Append(branch.AddedText(), null);
        }
    }

    /// <summary>The finished state as a result.</summary>
    internal ProgramResult ToResult(ProgramTrace trace)
    {
        lock (_gate) return new ProgramResult(_text.ToString(), new Dictionary<string, Variable>(_variables), trace);
    }

    /// <summary>Completes when the queued work has finished, successfully or not (failures reach the run on their own).</summary>
    internal Task Idle()
    {
        lock (_gate) return _tail.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Waits until the queued work is done; rethrows its failure.</summary>
    private void Drain()
    {
        Task tail;
        lock (_gate) tail = _tail;
        tail.GetAwaiter().GetResult();
    }

    private void CommitPrefix(string text)
    {
        var clock = Stopwatch.StartNew();
        var lease = _run.Backend.CachePrefixAsync(text, _run.Cancellation).GetAwaiter().GetResult();
        _run.Hold(lease);
        _run.Record(new TraceEntry("prefix", null, text, "", lease.Usage, clock.Elapsed));
    }

    private Variable Find(string name)
    {
        Drain();
        return VariableOrNull(name)
            ?? throw new KeyNotFoundException($"no variable \"{name}\" in this state (a Gen or Select must produce it first; branch variables need a Join)");
    }

    private Variable? VariableOrNull(string name)
    {
        lock (_gate) return _variables.GetValueOrDefault(name);
    }

    private string[] ProducedVariables()
    {
        lock (_gate) return _produced.ToArray();
    }

    private string AddedText()
    {
        lock (_gate) return _text.ToString(_forkedAt, _text.Length - _forkedAt);
    }

    private async Task RunAfter(Task previous, Fragment fragment)
    {
        // Always yield, so `s += …` returns at once even when the previous step is done and the backend works synchronously.
        await previous.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        try
        {
            _run.Cancellation.ThrowIfCancellationRequested();
            await Execute(fragment).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _run.Fail(e);
            throw;
        }
    }

    private async Task Execute(Fragment fragment)
    {
        switch (fragment)
        {
            case TextFragment t:
                Append(t.Text, null);
                break;
            case SequenceFragment s:
                foreach (var part in s.Parts) await Execute(part).ConfigureAwait(false);
                break;
            case RoleFragment r:
                if (r.Opens) Append(_run.Backend.ChatFormat.Prefix(r.Role), null);
                if (r.Content is not null) await Execute(r.Content).ConfigureAwait(false);
                if (r.Closes) Append(_run.Backend.ChatFormat.Suffix(r.Role), null);
                break;
            case GenFragment g:
                await Generate(g.Spec).ConfigureAwait(false);
                break;
            case SelectFragment s:
                await Select(s).ConfigureAwait(false);
                break;
            default:
                throw new NotSupportedException($"unknown fragment {fragment.GetType().Name}");
        }
    }

    private async Task Generate(GenSpec spec)
    {
        if (spec.Constraint is { } constraint && !_run.Backend.Capabilities.Constraints.Contains(constraint.Kind))
            throw new NotSupportedException($"Gen(\"{spec.Name}\"): this backend cannot enforce a {constraint.Kind} constraint, and unconstrained output is never substituted");
        var defaults = _run.Options.Sampling;
        var sampling = defaults with
        {
            MaxTokens = spec.MaxTokens ?? defaults.MaxTokens,
            Temperature = spec.Temperature ?? defaults.Temperature,
            TopP = spec.TopP ?? defaults.TopP,
            TopK = spec.TopK ?? defaults.TopK,
            MinP = spec.MinP ?? defaults.MinP,
            Stop = spec.Stop.Count > 0 ? spec.Stop : defaults.Stop,
        };
        string prompt = CurrentText();
        var request = new GenerateRequest(prompt, sampling, spec.Constraint);
        var clock = Stopwatch.StartNew();
        GenerateResponse? response = null;
        if (_run.Stream is null)
        {
            response = await _run.Backend.GenerateAsync(request, _run.Cancellation).ConfigureAwait(false);
            Append(response.Text, spec.Name);
        }
        else
        {
            var streamed = new StringBuilder();
            await foreach (var chunk in _run.Backend.GenerateStreamAsync(request, _run.Cancellation).ConfigureAwait(false))
            {
                streamed.Append(chunk.Delta);
                Append(chunk.Delta, spec.Name);
                response = chunk.Final ?? response;
            }
            if (response is null) throw new InvalidOperationException($"Gen(\"{spec.Name}\"): the backend's stream ended without a final response");
            if (streamed.ToString() != response.Text)
                throw new InvalidOperationException($"Gen(\"{spec.Name}\"): the backend streamed \"{streamed}\" but its final response says \"{response.Text}\"");
        }
        object? typed = null;
        if (spec.ValueType is { } type && type != typeof(string))
        {
            try
            {
                typed = Primitives.ParseValue(response.Text, type);
            }
            catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or OverflowException)
            {
                throw new FormatException($"Gen<{type.Name}>(\"{spec.Name}\"): the output \"{response.Text}\" is not a {type.Name} ({response.FinishReason}): {e.Message}", e);
            }
        }
        SetVariable(spec.Name, new Variable(response.Text, typed));
        _run.Record(new TraceEntry("gen", spec.Name, prompt, response.Text, response.Usage, clock.Elapsed));
    }

    private async Task Select(SelectFragment select)
    {
        string prompt = CurrentText();
        var clock = Stopwatch.StartNew();
        // Token healing, part 1 (see ScoreRequest): the prompt's trailing spaces and tabs go in front of every choice.
        string healed = prompt.TrimEnd(' ', '\t');
        string moved = prompt[healed.Length..];
        var request = new ScoreRequest(healed, select.Choices.Select(c => moved + c).ToArray(), select.Method == SelectMethod.UnconditionalLikelihoodNormalized);
        var scores = await _run.Backend.ScoreChoicesAsync(request, _run.Cancellation).ConfigureAwait(false);
        if (scores.TokenLogprobs.Count != select.Choices.Count)
            throw new InvalidOperationException($"Select(\"{select.Name}\"): the backend scored {scores.TokenLogprobs.Count} choices, not {select.Choices.Count}");
        int best;
        try
        {
            best = SelectScoring.Choose(select.Method, scores);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"Select(\"{select.Name}\"): the backend's scores cannot be used: {e.Message}", e);
        }
        string choice = select.Choices[best];
        Append(choice, select.Name);
        SetVariable(select.Name, new Variable(choice));
        _run.Record(new TraceEntry("select", select.Name, prompt, choice, scores.Usage, clock.Elapsed));
    }

    private string CurrentText()
    {
        lock (_gate) return _text.ToString();
    }

    private void SetVariable(string name, Variable value)
    {
        lock (_gate)
        {
            _variables[name] = value;
            _produced.Add(name);
        }
    }

    private void Append(string text, string? variable)
    {
        if (text.Length == 0) return;
        lock (_gate) _text.Append(text);
        _run.Stream?.TryWrite(new TextDelta(text, variable, _id));
    }
}
