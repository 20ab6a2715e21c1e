using Xunit;

namespace LlmLang.Generators.Tests;

/// <summary>
/// The generated source of representative programs, compared with baselines in Snapshots/.
/// After an intended change: LLMLANG_UPDATE_SNAPSHOTS=1 dotnet test tests/Lang.Generators.Tests, then review the diff.
/// </summary>
public sealed class SnapshotTests
{
    public static TheoryData<string, string> Programs => new()
    {
        {
            "Extract", """
            namespace Demo;
            public sealed record CityInfo(string Name, int Population, string[] Landmarks);
            public static partial class Programs
            {
                [LlmFunction]
                public static void Extract(ProgramState s, string document)
                {
                    s += Role.System("You extract facts.");
                    s += Role.User($"Read this and describe the city:\n{document}");
                    s += Role.Assistant(Gen<CityInfo>("city"));
                    s += Role.User("Is it a capital?");
                    s += Role.Assistant(Select("capital", "yes", "no"));
                }
            }
            """
        },
        {
            "TreeOfThought", """
            namespace Demo.Nested;
            internal partial class Outer
            {
                internal static partial class Thinking
                {
                    [LlmFunction]
                    internal static void Explore(ProgramState s, string question, int depth)
                    {
                        s += $"Question: {question}\n";
                        var ideas = s.Fork(2);
                        for (int i = 0; i < ideas.Length; i++)
                        {
                            var idea = ideas[i];
                            idea += Gen($"idea{i}", maxTokens: 32, stop: new[] { "\n" }, temperature: 0.8);
                        }
                        s.Join(ideas);
                        s += Gen("answer_text", regex: "[A-Z][a-z ]+\\.");
                        s += Gen<int>("score");
                        if (s.Get<int>("score") > 5) s += "Good.";
                    }
                }
            }
            """
        },
        {
            "NoArguments", """
            public static partial class Programs
            {
                [LlmFunction]
                public static void Hello(ProgramState s) => s += Gen("greeting", maxTokens: 8);
            }
            """
        },
    };

    [Theory]
    [MemberData(nameof(Programs))]
    public void Generated_source_matches_baseline(string name, string source)
    {
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Empty(run.GeneratorDiagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        Assert.Empty(run.CompileErrors);
        Snapshot.Match(name, run.Sources.Single().Value);
    }
}
