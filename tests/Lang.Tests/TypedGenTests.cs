using System.Text.Json;

namespace LlmLang.Tests;

public enum Mood { Calm, Angry }

public sealed record CityInfo(string Name, int Population, IReadOnlyList<string> Landmarks, Mood Mood);

/// <summary>Gen&lt;T&gt;: the constraint sent for each type and the parsing of what comes back.</summary>
public class TypedGenTests
{
    private const string CitySchema = """{"type":"object","properties":{"Name":{"type":"string"}}}""";

    static TypedGenTests()
    {
        // What the generator's module initializer does for a program using Gen<CityInfo> and Gen<Mood>.
        JsonSchemaRegistry.Register<CityInfo>(CitySchema);
        JsonSchemaRegistry.Register<Mood>("""{"enum":["Calm","Angry"]}""");
    }

    private static Task<ProgramResult> Run(ILlmBackend backend, Action<ProgramState> program) =>
        ProgramRunner.RunAsync(backend, program, ExecutionGraph.Untraced("t"), r => r, null, default);

    [Fact]
    public async Task RecordsComeBackAsJsonAgainstTheRegisteredSchema()
    {
        var backend = new ScriptedBackend(_ => """{"name":"Paris","Population":2100000,"landmarks":["Louvre"],"mood":"Calm"}""");
        var result = await Run(backend, s => s += "City: " + Gen<CityInfo>("city"));
        var city = result.Get<CityInfo>("city");
        Assert.Equal("Paris", city.Name);
        Assert.Equal(2_100_000, city.Population);
        Assert.Equal(["Louvre"], city.Landmarks);
        Assert.Equal(Mood.Calm, city.Mood);
        Assert.Equal(new Constraint(ConstraintKind.JsonSchema, CitySchema), backend.Generations.Single().Constraint);
        Assert.Equal(256, backend.Generations.Single().Sampling.MaxTokens); // Gen<T>'s default
    }

    [Fact]
    public async Task EnumsDoublesAndLongsParse()
    {
        var replies = new Queue<string>(["\"Angry\"", "-2.5e3", "9000000000"]);
        var backend = new ScriptedBackend(_ => replies.Dequeue());
        var result = await Run(backend, s => { s += Gen<Mood>("m"); s += Gen<double>("d"); s += Gen<long>("l"); });
        Assert.Equal(Mood.Angry, result.Get<Mood>("m"));
        Assert.Equal(-2500.0, result.Get<double>("d"));
        Assert.Equal(9_000_000_000L, result.Get<long>("l"));
        Assert.Equal(ConstraintKind.Regex, backend.Generations.ElementAt(1).Constraint!.Kind);
        Assert.Matches("^" + backend.Generations.ElementAt(1).Constraint!.Source + "$", "-2.5e3");
    }

    [Fact]
    public async Task UnparsableOutputFailsNamingTheVariableTypeAndText()
    {
        var backend = new ScriptedBackend(_ => "many");
        var e = await Assert.ThrowsAsync<FormatException>(() => Run(backend, s => s += Gen<int>("count")));
        Assert.Contains("Gen<Int32>(\"count\")", e.Message);
        Assert.Contains("\"many\"", e.Message);
        var json = await Assert.ThrowsAsync<FormatException>(() => Run(new ScriptedBackend(_ => "{\"name\":"), s => s += Gen<CityInfo>("city")));
        Assert.IsAssignableFrom<JsonException>(json.InnerException);
    }

    [Fact]
    public async Task PlainGenTextCanBeReadTypedAndGatheredBranchesAsLists()
    {
        var backend = new ScriptedBackend(r => r.Prompt[^1] == '1' ? "10" : "20");
        var result = await Run(backend, s =>
        {
            var branches = s.Fork(2);
            for (int i = 0; i < branches.Length; i++) branches[i] += $"{i + 1}" + Gen("n", regex: "[0-9]+");
            s.Join(branches);
        });
        Assert.Equal([10, 20], result.Get<int[]>("n"));
        Assert.Equal([10, 20], result.Get<List<int>>("n"));
        Assert.Equal([10, 20], result.Get<IReadOnlyList<int>>("n"));
        Assert.Equal(20, result.Get<int>("n[1]"));
        var e = Assert.Throws<FormatException>(() => result.Get<int>("n"));
        Assert.Contains("variable \"n\"", e.Message);
    }
}
