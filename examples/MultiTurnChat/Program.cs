using LlmLang;
using LlmLang.Examples;
using static LlmLang.Primitives;

// MultiTurnChat: several user/assistant turns rendered with the model's chat template; each turn continues the same
// text, so the engine's prefix reuse serves the history.
return await ExampleHost.RunAsync(args, async backend =>
{
    var result = await Programs.ChatAsync(backend, ["Hi! Who are you?", "What can you do?", "Thanks, bye."]);
    Console.WriteLine(result.Text);
    ExampleHost.PrintTrace("chat", result.Trace);
});

public static partial class Programs
{
    [LlmFunction]
    public static void Chat(ProgramState s, string[] questions)
    {
        s += Role.System("You are a helpful assistant.");
        for (int i = 0; i < questions.Length; i++)
        {
            s += Role.User(questions[i]);
            s += Role.Assistant(Gen($"answer{i}", maxTokens: 16, temperature: 0));
        }
    }
}
