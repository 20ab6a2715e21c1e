using LlmLang;
using LlmLang.Examples;
using static LlmLang.Primitives;

// QuickStart: one program with roles and a generation, run on the local model.
return await ExampleHost.RunAsync(args, async backend =>
{
    var result = await Programs.TellStoryAsync(backend, "a dragon who learns to code");
    Console.WriteLine($"story: {result.Story}");
    ExampleHost.PrintTrace("tell-story", result.Trace);
});

public static partial class Programs
{
    [LlmFunction]
    public static void TellStory(ProgramState s, string topic)
    {
        s += Role.System("You are a storyteller.");
        s += Role.User($"Tell a very short story about {topic}.");
        s += Role.Assistant(Gen("story", maxTokens: 48, temperature: 0));
    }
}
