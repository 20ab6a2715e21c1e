using System.CommandLine;
using LlmLang.Cli.Benchmarks;
using LlmLang.Runtime.Models;
using TorchSharp;

namespace LlmLang.Cli.Commands;

/// <summary><c>llmlang bench decode</c>: prefill and decode tokens/s, single stream and batched.</summary>
internal static class BenchDecodeCommand
{
    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = "Model: llama2.c .bin, .gguf or Hugging Face folder." };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "Tokenizer for a llama2.c .bin (default: found beside it)." };
        var dummy = new Option<string?>("--dummy") { Description = $"Random weights of a named shape ({string.Join(", ", NamedConfigs.All.Keys)})." };
        var batch = new Option<int[]>("--batch") { Description = "Batch sizes to decode (repeat or comma-separate).", DefaultValueFactory = _ => [1, 8, 32, 64], AllowMultipleArgumentsPerToken = true, CustomParser = ParseInts };
        var steps = new Option<int>("--steps") { Description = "Decode steps per batch.", DefaultValueFactory = _ => 64 };
        var prompt = new Option<int>("--prompt-tokens") { Description = "Prompt length for the prefill measurement.", DefaultValueFactory = _ => 128 };
        var threads = new Option<int>("--threads") { Description = "Torch intra-op threads.", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "One JSON object per result line." };
        var command = new Command("decode", "Prefill and decode tokens/s, single stream and batched.") { model, tokenizer, dummy, batch, steps, prompt, threads, json };
        command.SetAction(parse =>
        {
            string? modelPath = parse.GetValue(model), dummyName = parse.GetValue(dummy);
            if ((modelPath is null) == (dummyName is null))
                throw new CliException("give exactly one of --model PATH or --dummy NAME");
            torch.set_num_threads(parse.GetValue(threads));
            using var local = modelPath is null ? null : LocalModel.Load(modelPath, parse.GetValue(tokenizer));
            var dummyConfig = local is null ? NamedConfigs.Get(dummyName!) : null;
            using var weights = dummyConfig is null ? null : RandomWeights.Create(dummyConfig, seed: 42);
            using var dummyModel = weights is null ? null : new Transformer(dummyConfig!, weights);
            var transformer = local?.Transformer ?? dummyModel!;
            var table = new BenchmarkTable(parse.GetValue(json), "model", "batch", "threads", "prefill_tok_s", "decode_tok_s", "step_ms");
            string name = local?.Name ?? dummyName!;
            foreach (var r in DecodeBenchmark.Run(transformer, parse.GetValue(batch)!, parse.GetValue(steps), parse.GetValue(prompt)))
                table.Add(name, r.Batch, parse.GetValue(threads), Math.Round(r.PrefillTokS, 1), Math.Round(r.DecodeTokS, 1), Math.Round(r.StepMs, 2));
            table.Print();
            return 0;
        });
        return command;
    }

    private static int[] ParseInts(System.CommandLine.Parsing.ArgumentResult result) =>
        result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries)).Select(int.Parse).ToArray();
}
