using System.CommandLine;
using LlmLang.Runtime.Models;
using TorchSharp;

namespace LlmLang.Cli.Commands;

/// <summary>The options every model-running command shares: which model, which tokenizer, where and on how many threads.</summary>
internal sealed class ModelOptions
{
    public Option<string?> Model { get; } = new("--model") { Description = "Model: a llama2.c .bin, a .gguf or a Hugging Face folder (default: the untrained built-in model)." };
    public Option<string?> Tokenizer { get; } = new("--tokenizer") { Description = "Tokenizer for a llama2.c .bin (default: found beside it)." };
    public Option<string> Device { get; } = new("--device") { Description = "cpu or cuda (cuda needs a build with -p:TorchBackend=cuda).", DefaultValueFactory = _ => "cpu" };
    public Option<int> Threads { get; } = new("--threads") { Description = "Torch intra-op threads.", DefaultValueFactory = _ => Environment.ProcessorCount };

    public void AddTo(Command command)
    {
        command.Options.Add(Model);
        command.Options.Add(Tokenizer);
        command.Options.Add(Device);
        command.Options.Add(Threads);
    }

    /// <summary>Loads the chosen model (or the built-in one) on the chosen device.</summary>
    public LocalModel Load(ParseResult parse)
    {
        int threads = parse.GetValue(Threads);
        if (threads < 1) throw new CliException($"--threads must be at least 1 (got {threads})");
        torch.set_num_threads(threads);
        var device = parse.GetValue(Device) switch
        {
            "cpu" => torch.CPU,
            "cuda" when torch.cuda.is_available() => torch.CUDA,
            "cuda" => throw new CliException("--device cuda: no CUDA device is available (build with -p:TorchBackend=cuda on a machine with an NVIDIA GPU)"),
            var other => throw new CliException($"--device must be cpu or cuda (got \"{other}\")"),
        };
        string? path = parse.GetValue(Model);
        if (path is null)
        {
            if (parse.GetValue(Tokenizer) is not null) throw new CliException("--tokenizer needs --model");
            return LocalModel.BuiltIn(device);
        }
        return LocalModel.Load(path, parse.GetValue(Tokenizer), device);
    }
}
