using LlmLang;
using LlmLang.Examples;
using static LlmLang.Primitives;

// TreeOfThought: fork at two levels. Each fork commits the text so far to the prefix cache, so every branch reuses it.
return await ExampleHost.RunAsync(args, async backend =>
{
    var result = await Programs.ThinkAsync(backend, "How can a town cut traffic?");
    Console.WriteLine(result.Text);
    Console.WriteLine($"verdict: {result["verdict"]}");
    ExampleHost.PrintTrace("tree-of-thought", result.Trace);
});

public static partial class Programs
{
    [LlmFunction]
    public static void Think(ProgramState s, string question)
    {
        s += $"Question: {question}\n";
        var plans = s.Fork(2);
        for (int p = 0; p < plans.Length; p++)
        {
            plans[p] += "Plan: " + Gen("plan", maxTokens: 12, stop: ["\n"]) + "\n";
            var checks = plans[p].Fork(2);
            for (int c = 0; c < checks.Length; c++) checks[c] += "Risk: " + Gen("risk", maxTokens: 8, stop: ["\n"]) + "\n";
            plans[p].Join(checks, JoinMode.ConcatenateText);
        }
        s.Join(plans, JoinMode.ConcatenateText);
        s += "Is the best plan feasible? " + Select("verdict", "yes", "no");
    }
}
