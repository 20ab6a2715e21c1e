using System.CommandLine;
using System.Text.Json;
using LlmLang.Runtime.Engine;
using LlmLang.Runtime.Sampling;

namespace LlmLang.Cli.Commands;

/// <summary><c>llmlang generate</c>: continues a prompt and prints the text as it is generated (or one JSON object).</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var model = new ModelOptions();
        var prompt = new Option<string>("--prompt") { Description = "The text to continue.", Required = true };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Most tokens to generate.", DefaultValueFactory = _ => 128 };
        var temperature = new Option<float>("--temperature") { Description = "Sampling temperature (0: greedy).", DefaultValueFactory = _ => 1f };
        var topP = new Option<float>("--top-p") { Description = "Nucleus sampling threshold.", DefaultValueFactory = _ => 1f };
        var seed = new Option<ulong?>("--seed") { Description = "Random seed (same seed, same output)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: prompt_ids, output_ids, text, finish_reason, timings." };
        var command = new Command("generate", "Continue a prompt.") { prompt, maxTokens, temperature, topP, seed, json };
        model.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var local = model.Load(parse);
            using var engine = local.CreateEngine(new EngineOptions { KvSlots = local.Config.MaxSeqLen });
            var ids = local.Tokenizer.Encode(parse.GetValue(prompt)!);
            int room = local.Config.MaxSeqLen - ids.Count;
            var sampling = new SamplingParams
            {
                Temperature = parse.GetValue(temperature),
                TopP = parse.GetValue(topP),
                Seed = parse.GetValue(seed),
                MaxTokens = Math.Min(parse.GetValue(maxTokens), Math.Max(room, 0)),
            };
            var request = new GenerationRequest(ids, sampling);
            if (parse.GetValue(json))
            {
                var r = await engine.GenerateAsync(request, cancellationToken);
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    model = local.Name,
                    prompt_ids = r.PromptIds,
                    output_ids = r.OutputIds,
                    text = r.Text,
                    finish_reason = r.FinishReason.ToString().ToLowerInvariant(),
                    timings = new
                    {
                        prefill_ms = r.PrefillTime.TotalMilliseconds,
                        decode_ms = r.DecodeTime.TotalMilliseconds,
                        prefill_tok_s = r.PromptIds.Count / Math.Max(r.PrefillTime.TotalSeconds, 1e-9),
                        decode_tok_s = Math.Max(r.OutputIds.Count - 1, 0) / Math.Max(r.DecodeTime.TotalSeconds, 1e-9),
                    },
                }));
                return 0;
            }
            await foreach (var delta in engine.StreamAsync(request, cancellationToken)) Console.Write(delta.Text);
            Console.WriteLine();
            return 0;
        });
        return command;
    }
}
