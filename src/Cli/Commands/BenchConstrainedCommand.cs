using System.CommandLine;
using LlmLang.Cli.Benchmarks;
using LlmLang.Runtime.Models;
using TorchSharp;

namespace LlmLang.Cli.Commands;

/// <summary><c>llmlang bench constrained</c>: decode tokens/s with and without a JSON-schema constraint on a real model.</summary>
internal static class BenchConstrainedCommand
{
    private const string DefaultSchema =
        """{"type":"object","properties":{"name":{"type":"string","maxLength":40},"age":{"type":"integer","minimum":0,"maximum":150},"tags":{"type":"array","items":{"type":"string"}}},"required":["name","age","tags"]}""";

    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model: llama2.c .bin, .gguf or Hugging Face folder.", Required = true };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "Tokenizer for a llama2.c .bin (default: found beside it)." };
        var schema = new Option<string?>("--schema") { Description = "JSON Schema file (default: an object with a bounded string, an integer range and a string array)." };
        var batch = new Option<int[]>("--batch") { Description = "Batch sizes (repeat or comma-separate).", DefaultValueFactory = _ => [1, 8], AllowMultipleArgumentsPerToken = true, CustomParser = ParseInts };
        var tokens = new Option<int>("--max-tokens") { Description = "Tokens per request (fewer when the constrained output completes first).", DefaultValueFactory = _ => 96 };
        var threads = new Option<int>("--threads") { Description = "Torch intra-op threads.", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "One JSON object per result line." };
        var command = new Command("constrained", "Decode tokens/s with and without a JSON-schema constraint.") { model, tokenizer, schema, batch, tokens, threads, json };
        command.SetAction(parse =>
        {
            string schemaJson = parse.GetValue(schema) is { } path
                ? File.Exists(path) ? File.ReadAllText(path) : throw new CliException($"--schema {path}: file not found")
                : DefaultSchema;
            torch.set_num_threads(parse.GetValue(threads));
            using var local = LocalModel.Load(parse.GetValue(model)!, parse.GetValue(tokenizer));
            var table = new BenchmarkTable(parse.GetValue(json), "model", "batch", "threads", "free_tok_s", "constrained_tok_s", "ratio", "constrained_tokens_per_request");
            foreach (var r in ConstrainedDecodeBenchmark.Run(local, schemaJson, parse.GetValue(batch)!, parse.GetValue(tokens)))
                table.Add(local.Name, r.Batch, parse.GetValue(threads), Math.Round(r.FreeTokS, 1), Math.Round(r.ConstrainedTokS, 1),
                    Math.Round(r.ConstrainedTokS / r.FreeTokS, 3), Math.Round(r.ConstrainedTokensPerRequest, 1));
            table.Print();
            return 0;
        });
        return command;
    }

    private static int[] ParseInts(System.CommandLine.Parsing.ArgumentResult result) =>
        result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries)).Select(int.Parse).ToArray();
}
