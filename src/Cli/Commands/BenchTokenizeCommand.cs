using System.CommandLine;
using LlmLang.Cli.Benchmarks;
using LlmLang.Runtime.Tokenization;

namespace LlmLang.Cli.Commands;

/// <summary><c>llmlang bench tokenize</c>: encode and decode speed of tokenizers, in microseconds per KB of text
/// (the first encode includes JIT and regex compilation; "new text" is other words after that, with the word cache cold).</summary>
internal static class BenchTokenizeCommand
{
    public static Command Create()
    {
        var tokenizers = new Option<string[]>("--tokenizer")
        {
            Description = "cl100k, o200k, or a tokenizer file (llama2.c .bin, SentencePiece .model, tokenizer.json); repeatable.",
            DefaultValueFactory = _ => ["cl100k", "o200k"],
            AllowMultipleArgumentsPerToken = true,
        };
        var kilobytes = new Option<int>("--kb") { Description = "Size of the text in KB.", DefaultValueFactory = _ => 64 };
        var repeats = new Option<int>("--repeats") { Description = "Timed repetitions (the best is reported).", DefaultValueFactory = _ => 5 };
        var json = new Option<bool>("--json") { Description = "One JSON object per result line." };
        var command = new Command("tokenize", "Tokenizer encode/decode speed in microseconds per KB.") { tokenizers, kilobytes, repeats, json };
        command.SetAction(parse =>
        {
            if (parse.GetValue(kilobytes) <= 0 || parse.GetValue(repeats) <= 0) throw new CliException("--kb and --repeats must be positive");
            string text = TokenizeBenchmark.Corpus(parse.GetValue(kilobytes)), newText = TokenizeBenchmark.Corpus(parse.GetValue(kilobytes), seed: 8);
            var table = new BenchmarkTable(parse.GetValue(json), "tokenizer", "kb", "tokens", "load_ms",
                "first_encode_us_per_kb", "new_text_encode_us_per_kb", "encode_us_per_kb", "decode_us_per_kb", "stream_decode_us_per_kb");
            foreach (string name in parse.GetValue(tokenizers)!)
            {
                Func<ITokenizer> load = name switch
                {
                    "cl100k" => Tiktoken.Cl100k,
                    "o200k" => Tiktoken.O200k,
                    _ => () => TokenizerFactory.Load(name),
                };
                var r = TokenizeBenchmark.Run(name, load, text, newText, parse.GetValue(repeats));
                table.Add(r.Tokenizer, r.Kb, r.Tokens, Math.Round(r.LoadMs, 1),
                    Micro(r.FirstEncodeMsPerKb), Micro(r.NewTextEncodeMsPerKb), Micro(r.EncodeMsPerKb), Micro(r.DecodeMsPerKb), Micro(r.StreamMsPerKb));
            }
            table.Print();
            return 0;
        });
        return command;
    }

    private static long Micro(double milliseconds) => (long)Math.Round(milliseconds * 1000);
}
