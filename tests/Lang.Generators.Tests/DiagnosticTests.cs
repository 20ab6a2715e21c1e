using Microsoft.CodeAnalysis;
using Xunit;

namespace LlmLang.Generators.Tests;

/// <summary>Every diagnostic with a case that triggers it (at the marked span) and one that does not.</summary>
public sealed class DiagnosticTests
{
    private const string Types = """
        public sealed record City(string Name, int Population);
        public sealed class Holder { public object Anything { get; set; } = new(); }
        """;

    public static TheoryData<string, string> Positive => new()
    {
        // LLM0001: the method's shape.
        { "LLM0001", "public static partial class P { [LlmFunction] public void [|Run|](ProgramState s) { } }" },
        { "LLM0001", "public static partial class P { [LlmFunction] public static void [|Run|](string s) { } }" },
        { "LLM0001", "public static partial class P { [LlmFunction] public static int [|Run|](ProgramState s) => 1; }" },
        { "LLM0001", "public static partial class P { [LlmFunction] public static void [|Run|](ProgramState s, string backend) { } }" },
        // LLM0002: a containing type that is not partial.
        { "LLM0002", "public static class [|P|] { [LlmFunction] public static void Run(ProgramState s) { } }" },
        { "LLM0002", "public static class [|Outer|] { public static partial class P { [LlmFunction] public static void Run(ProgramState s) { } } }" },
        // LLM0003..LLM0010: the body.
        { "LLM0003", MarkedSource.Program("""s += Gen("x"); s += Gen([|"x"|]);""") },
        { "LLM0003", MarkedSource.Program("""s += Gen("x"); s += Select([|"x"|], "a", "b");""") },
        { "LLM0004", MarkedSource.Program("""s += [|s["x"]|]; s += Gen("x");""") },
        { "LLM0004", MarkedSource.Program("""s += Gen("x"); s += [|s.Get<string>("y")|];""") },
        { "LLM0004", MarkedSource.Program("""var b = s.Fork(2); for (int i = 0; i < b.Length; i++) b[i] += Gen("x"); s += [|s["x"]|]; s.Join(b);""") },
        { "LLM0005", MarkedSource.Program("""s += Gen("x", regex: [|"(a)\\1"|]);""") },
        { "LLM0005", MarkedSource.Program("""s += Gen("x", regex: [|"a(?=b)"|]);""") },
        { "LLM0005", MarkedSource.Program("""s += Gen("x", regex: [|"(ab"|]);""") },
        { "LLM0006", MarkedSource.Program("""s += Gen<[|Holder|]>("x");""", extra: Types) },
        { "LLM0006", MarkedSource.Program("""s += Gen<[|object|]>("x");""") },
        { "LLM0006", "public static partial class P { private sealed record Hidden(string A); [LlmFunction] public static void Run(ProgramState s) { s += Gen<[|Hidden|]>(\"x\"); } }" },
        { "LLM0007", MarkedSource.Program("""s += [|Select("x")|];""") },
        { "LLM0007", MarkedSource.Program("""s += Select("x", "yes", [|""|]);""") },
        { "LLM0007", MarkedSource.Program("""s += Gen("x", choices: [|new string[0]|]);""") },
        { "LLM0008", MarkedSource.Program("""s += Gen("x", regex: "a+", jsonSchema: [|"{}"|]);""") },
        { "LLM0008", MarkedSource.Program("""s += Gen<int>("x", regex: [|"[0-9]+"|]);""") },
        { "LLM0009", MarkedSource.Program("""var b = s.Fork(2); s.Join(b); [|b|][0] += "late";""") },
        { "LLM0009", MarkedSource.Program("""var b = s.Fork(2); var first = b[0]; first += "a"; s.Join(b); [|first|] += "late";""") },
        { "LLM0003", MarkedSource.Program("""s += Gen("x"); if (s["x"] == "a") s += Gen([|"x"|]);""") },
        { "LLM0004", MarkedSource.Program("""s += Gen("x"); if (s["x"] == "a") s += [|s["nowhere"]|];""") },
        { "LLM0010", MarkedSource.Program("""s += Gen("x"); if ([|s["x"] == "yes"|]) s += "!";""") },
        { "LLM0010", MarkedSource.Program("""[|for (int i = 0; i < 3; i++) s += Gen($"x{i}");|]""") },
    };

    public static TheoryData<string, string> Negative => new()
    {
        { "LLM0001", "public static partial class P { [LlmFunction] public static void Run(ProgramState s, string text) { } }" },
        { "LLM0002", "public static partial class Outer { public static partial class P { [LlmFunction] public static void Run(ProgramState s) { } } }" },
        { "LLM0003", MarkedSource.Program("""s += Gen("x"); s += Gen("y"); var b = s.Fork(2); for (int i = 0; i < b.Length; i++) b[i] += Gen("z"); s.Join(b);""") },
        { "LLM0004", MarkedSource.Program("""s += Gen("x"); s += s["x"]; s += $"then {s.Get<string>("x")}";""") },
        { "LLM0004", MarkedSource.Program("""var b = s.Fork(2); for (int i = 0; i < b.Length; i++) b[i] += Gen("x"); s.Join(b); s += s["x"];""") },
        { "LLM0005", MarkedSource.Program("""s += Gen("x", regex: "[a-z]+(\\.[a-z]+)*@(?:[a-z]+)");""") },
        { "LLM0006", MarkedSource.Program("""s += Gen<City>("x"); s += Gen<int>("n"); s += Gen<bool>("b");""", extra: Types) },
        { "LLM0007", MarkedSource.Program("""s += Select("x", "yes", "no"); s += Gen("y", choices: new[] { "a", "b" });""") },
        { "LLM0008", MarkedSource.Program("""s += Gen("x", regex: "a+", stop: new[] { "\n" }); s += Gen<int>("n", maxTokens: 8);""") },
        { "LLM0009", MarkedSource.Program("""var b = s.Fork(2); b[0] += "early"; for (int i = 0; i < b.Length; i++) b[i] += Gen("x"); s.Join(b);""") },
        { "LLM0010", MarkedSource.Program("""s += Role.System("You help."); s += Role.User("Hi"); s += Role.Assistant(Gen("x"));""") },
    };

    [Theory]
    [MemberData(nameof(Positive))]
    public void Reports_at_the_marked_span(string id, string marked)
    {
        var source = MarkedSource.Parse(marked);
        GeneratorRun run = GeneratorHarness.Run(source.Text);
        Diagnostic found = Assert.Single(run.WithId(id));
        Assert.Equal(GeneratorHarness.Usings.Length + source.Span!.Value.Start, found.Location.SourceSpan.Start);
        Assert.Equal(source.Span!.Value.Length, found.Location.SourceSpan.Length);
        Assert.Equal(id == "LLM0010" ? DiagnosticSeverity.Info : DiagnosticSeverity.Error, found.Severity);
    }

    [Theory]
    [MemberData(nameof(Negative))]
    public void Stays_quiet_on_a_valid_program(string id, string source)
    {
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Empty(run.WithId(id));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompileErrors);
    }
}
