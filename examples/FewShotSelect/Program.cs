using LlmLang;
using LlmLang.Examples;
using static LlmLang.Primitives;

// FewShotSelect: a few-shot sentiment classifier over a batch. The few-shot prefix is the same for every item, so the
// batch commits it to the prefix cache once and every item computes only its own review.
string[] reviews =
[
    "Wonderful food.",
    "Rude waiter.",
    "It was fine.",
    "Best pizza ever!",
];
return await ExampleHost.RunAsync(args, async backend =>
{
    var progress = new Progress<BatchProgress>(p => Console.WriteLine($"  {p.Completed}/{p.Total} classified"));
    var results = await Programs.ClassifyBatchAsync(backend, reviews, progress: progress);
    for (int i = 0; i < reviews.Length; i++) Console.WriteLine($"{results[i].Label,-8} {reviews[i]}");
    ExampleHost.PrintTrace("batch total", new ProgramTrace(results.SelectMany(r => r.Trace.Entries).ToList()));
});

public static partial class Programs
{
    [LlmFunction]
    public static void Classify(ProgramState s, string review)
    {
        s += "Review: I loved it.\nSentiment: positive\n";
        s += "Review: Dirty room.\nSentiment: negative\n";
        s += "Review: On time.\nSentiment: neutral\n";
        s += $"Review: {review}\nSentiment: ";
        s += Select("label", "positive", "negative", "neutral");
    }
}
