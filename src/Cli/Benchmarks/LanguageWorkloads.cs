using LlmLang;
using static LlmLang.Primitives;

namespace LlmLang.Cli.Benchmarks;

/// <summary>The programs <c>llmlang bench lang</c> runs: a few-shot classifier over a batch, and a two-level tree of thought.</summary>
internal static partial class LanguageWorkloads
{
    public static readonly string[] Reviews =
    [
        "Wonderful food.", "Rude waiter.", "It was fine.", "Best pizza ever!", "Cold soup.", "Nice view.", "Too loud.", "OK coffee.",
        "Great staff!", "Dirty tables.", "Average.", "Loved it!", "Never again.", "Fair prices.", "Slow service.", "Fantastic!",
    ];

    [LlmFunction]
    public static void FewShot(ProgramState s, string review)
    {
        s += "Classify each review as positive, negative or neutral.\n";
        s += "Review: I loved every minute of it.\nSentiment: positive\n";
        s += "Review: The room was dirty and the bed broken.\nSentiment: negative\n";
        s += "Review: The train arrived on time.\nSentiment: neutral\n";
        s += "Review: Terrible, cold and late.\nSentiment: negative\n";
        s += "Review: A delightful evening.\nSentiment: positive\n";
        s += $"Review: {review}\nSentiment: ";
        s += Select("label", "positive", "negative", "neutral");
    }

    [LlmFunction]
    public static void TreeOfThought(ProgramState s, string question)
    {
        s += $"Question: {question}\nThink step by step about several plans before answering.\n";
        var plans = s.Fork(3);
        for (int p = 0; p < plans.Length; p++)
        {
            plans[p] += "Plan: " + Gen("plan", maxTokens: 8, temperature: 0) + "\n";
            var checks = plans[p].Fork(2);
            for (int c = 0; c < checks.Length; c++) checks[c] += "Risk: " + Gen("risk", maxTokens: 6, temperature: 0) + "\n";
            plans[p].Join(checks, JoinMode.ConcatenateText);
        }
        s.Join(plans, JoinMode.ConcatenateText);
        s += "Best plan: " + Select("best", "1", "2", "3");
    }

    [LlmFunction]
    public static void Primitives100(ProgramState s)
    {
        for (int i = 0; i < 50; i++)
        {
            s += "x";
            s += Gen("g", maxTokens: 1);
        }
    }
}
