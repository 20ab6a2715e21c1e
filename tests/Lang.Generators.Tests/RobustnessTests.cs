using Xunit;

namespace LlmLang.Generators.Tests;

/// <summary>Odd or broken programs never crash the generator (a crash would surface as an opaque CS8785 in the user's build).</summary>
public sealed class RobustnessTests
{
    public static TheoryData<string> Programs => new()
    {
        MarkedSource.Program("s += ;"),
        MarkedSource.Program("s += Gen();"),
        MarkedSource.Program("s += Gen(null!);"),
        MarkedSource.Program("s += Gen(\"x\", regex: null);"),
        MarkedSource.Program("s += Select(\"x\", new string[0]);"),
        MarkedSource.Program("string[] options = { \"a\" }; s += Select(\"x\", options);"),
        MarkedSource.Program("var b = s.Fork(n); for (int i = 0; i < b.Length; i++) { var f = b[i]; var g = f.Fork(2); f.Join(g); } s.Join(b);", ", int n"),
        MarkedSource.Program("s.Join(null!);"),
        MarkedSource.Program("void Local() { s += Gen(\"x\"); } Local();"),
        MarkedSource.Program("System.Action a = () => s += Gen(\"x\"); a();"),
        MarkedSource.Program("s += Role.System(Role.User(Gen(\"x\")));"),
        MarkedSource.Program("s += (Fragment)(\"a\" + \"b\");"),
        MarkedSource.Program("return; s += Gen(\"x\");"),
        MarkedSource.Program("s += Gen<System.Collections.Generic.List<T>>(\"x\");").Replace("Run(", "Run<T>("),
        "public static partial class P { [LlmFunction] public static partial void Run(ProgramState s); }",
        "public static partial class P { [LlmFunction] public static extern void Run(ProgramState s); }",
        "public static partial class P { [LlmFunction] public static void Run(ProgramState s) => throw null!; }",
        "public static partial class P<T> { [LlmFunction] public static void Run(ProgramState s, T value) { s += $\"{value}\"; } }",
        "public partial record struct R { [LlmFunction] public static void Run(ProgramState s) { s += Gen(\"x\"); } }",
        "[LlmFunction] public static void Stray(ProgramState s) { }",
    };

    [Fact]
    public void Program_parameters_may_use_any_name_the_generated_lambdas_do_not()
    {
        GeneratorRun run = GeneratorHarness.Run(
            "public static partial class P { [LlmFunction] public static void Run(ProgramState s, string state, string outcome, string argument, string count, string arguments, string progress) { s += Gen(\"x\"); } }");
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompileErrors);
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void Generator_does_not_throw(string source)
    {
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Null(run.Result.Results.Single().Exception);
        Assert.DoesNotContain(run.Output.GetDiagnostics(), d => d.Id is "CS8785" or "AD0001");
    }
}
