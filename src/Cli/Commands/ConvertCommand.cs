using System.CommandLine;
using LlmLang.Runtime.Formats;

namespace LlmLang.Cli.Commands;

/// <summary><c>llmlang convert IN OUT --to gguf|hf [--type …]</c>: rewrites a model in another format.</summary>
internal static class ConvertCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("IN") { Description = "Model to read: llama2.c .bin, .gguf or Hugging Face folder." };
        var output = new Argument<string>("OUT") { Description = "Where to write: a .gguf file, or a folder for --to hf." };
        var to = new Option<string>("--to") { Description = "Target format.", Required = true };
        to.AcceptOnlyFromAmong("gguf", "hf");
        var type = new Option<string>("--type")
        {
            Description = $"Tensor storage type: gguf {string.Join("|", ModelConverter.GgufTypes)}; hf {string.Join("|", ModelConverter.HfTypes)}.",
            DefaultValueFactory = _ => "f32",
        };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "Tokenizer file to use instead of the model's own (or the one found beside a llama2.c .bin)." };
        var command = new Command("convert", "Convert a model to GGUF or a Hugging Face folder (q/k rows are permuted to the target's RoPE layout).")
        {
            input, output, to, type, tokenizer,
        };
        command.SetAction(parse =>
        {
            var target = parse.GetValue(to) == "gguf" ? ModelFormat.Gguf : ModelFormat.HuggingFace;
            string typeName = parse.GetValue(type)!.ToLowerInvariant();
            var allowed = target == ModelFormat.Gguf ? ModelConverter.GgufTypes : ModelConverter.HfTypes;
            if (!allowed.Contains(typeName))
                throw new CliException($"--type {typeName} is not available for --to {parse.GetValue(to)} (choose {string.Join(", ", allowed)})");
            string inPath = parse.GetValue(input)!, outPath = parse.GetValue(output)!;
            var started = System.Diagnostics.Stopwatch.StartNew();
            ModelConverter.Convert(inPath, outPath, target, typeName, new ModelLoadOptions { TokenizerPath = parse.GetValue(tokenizer) });
            Console.WriteLine($"wrote {outPath} ({parse.GetValue(to)}, {typeName}) in {started.Elapsed.TotalSeconds:F1} s");
            return 0;
        });
        return command;
    }
}
