using System.ComponentModel;
using LlmLang;
using static LlmLang.Primitives;

namespace LlmLang.Generators.Tests.EndToEnd;

[Description("Facts about a city")]
public sealed record CityInfo(string Name, int Population, IReadOnlyList<string> Landmarks);

public enum Mood { Calm, Stormy }

/// <summary>Programs compiled by the real SDK compiler with the generator as an analyzer, then run on a scripted backend.</summary>
public static partial class Programs
{
    [LlmFunction]
    public static void Extract(ProgramState s, string document)
    {
        s += Role.System("You extract facts.");
        s += Role.User($"Read this and describe the city:\n{document}");
        s += Role.Assistant(Gen<CityInfo>("city"));
        s += Role.User($"Is {s.Get<CityInfo>("city").Name} a capital?");
        s += Role.Assistant(Select("capital", "yes", "no"));
    }

    [LlmFunction]
    public static void Ideas(ProgramState s, string topic, int count)
    {
        s += $"Ideas about {topic}:\n";
        var branches = s.Fork(2);
        for (int i = 0; i < branches.Length; i++)
        {
            branches[i] += $"Idea {i + 1}: ";
            branches[i] += Gen($"idea{i}", stop: new[] { "\n" });
        }
        s.Join(branches);
        var critics = s.Fork(2);
        for (int i = 0; i < critics.Length; i++) critics[i] += Gen<int>("rating");
        s.Join(critics);
        s += "Best: " + Gen("best", maxTokens: 16);
        s += Gen<int>("score");
        s += Gen<Mood>("mood");
    }

    [LlmFunction]
    public static void Branchy(ProgramState s)
    {
        s += Select("kind", "short", "long");
        if (s["kind"] == "long")
            s += Gen("story", maxTokens: 64);
        else
            s += Gen("line", maxTokens: 8);
    }
}
