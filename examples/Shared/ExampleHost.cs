using LlmLang.Runtime.Backend;
using LlmLang.Runtime.Models;

namespace LlmLang.Examples;

/// <summary>
/// What every example shares: <c>--model PATH</c> (and <c>--tokenizer PATH</c>) picks the model, defaulting to the
/// untrained built-in one; the program runs on the in-process backend; errors print as one line (exit code 1).
/// </summary>
internal static class ExampleHost
{
    public static async Task<int> RunAsync(string[] args, Func<LocalBackend, Task> example)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        try
        {
            TorchSharp.torch.set_num_threads(Math.Max(1, Environment.ProcessorCount / 2));
            using var model = Value("--model") is { } path ? LocalModel.Load(path, Value("--tokenizer")) : LocalModel.BuiltIn();
            using var backend = new LocalBackend(model);
            Console.WriteLine($"model: {model.Name}");
            await example(backend);
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or IOException or FormatException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    /// <summary>Prints what a run computed: prompt tokens computed versus served from the prefix cache.</summary>
    public static void PrintTrace(string label, ProgramTrace trace) => Console.WriteLine($"[{label}] {trace}");
}
