using LlmLang;
using LlmLang.Examples;
using static LlmLang.Primitives;

// Streaming: the program's text arrives as it is produced, generated tokens tagged with their variable.
return await ExampleHost.RunAsync(args, async backend =>
{
    await foreach (var delta in Programs.PoemStreamAsync(backend, "the sea"))
        Console.Write(delta.Variable is null ? delta.Text : $"[{delta.Text}]");
    Console.WriteLine();
});

public static partial class Programs
{
    [LlmFunction]
    public static void Poem(ProgramState s, string subject)
    {
        s += Role.User($"Write two lines about {subject}.");
        s += Role.Assistant(Gen("poem", maxTokens: 40));
    }
}
