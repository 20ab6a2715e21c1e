using System.Diagnostics;
using System.Text;
using LlmLang.Runtime.Tokenization;

namespace LlmLang.Cli.Benchmarks;

/// <summary>
/// Tokenizer throughput on a fixed, seeded multilingual text (prose, code, numbers, emoji, odd spacing): load time,
/// the first encode (code and word caches cold), an encode of other text (word cache cold), a repeated encode, full
/// decode and streaming decode, in milliseconds per KB.
/// </summary>
internal static class TokenizeBenchmark
{
    public sealed record Result(string Tokenizer, int Kb, int Tokens, double LoadMs, double FirstEncodeMsPerKb,
        double NewTextEncodeMsPerKb, double EncodeMsPerKb, double DecodeMsPerKb, double StreamMsPerKb);

    // Random mixes of these fragments, plus random lowercase words so that a second corpus has words the first lacks.
    private static readonly string[] s_fragments =
    [
        "the", "little", "robot", "walked", "slowly", "across", "garden", "and", "found", "a", "shiny", "stone",
        "Tokenizer", "benchmarks", "measure", "bytes", "per", "second", "2026", "3.14159", "42", "1,000,000",
        "東京", "の", "天気", "は", "晴れ", "です", "中文", "文本", "한국어", "문장", "Привет", "мир", "Ελληνικά",
        "שלום", "مرحبا", "नमस्ते", "😀", "👍🏽", "🇯🇵", "naïve", "café", "Straße", "{\"key\": [1, 2]}", "x => x * 2;",
        "    ", "\n", "\n\n", "\t", "...", "!", "?", ",", "'s", "'ll", "—", "e\u0301",
    ];

    public static string Corpus(int kilobytes, int seed = 7)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        while (Encoding.UTF8.GetByteCount(text.ToString()) < kilobytes * 1024)
        {
            for (int i = 0; i < 256; i++)
            {
                if (random.Next(4) == 0) text.Append(RandomWord(random));
                else text.Append(s_fragments[random.Next(s_fragments.Length)]);
                text.Append(random.Next(4) == 0 ? "" : " ");
            }
        }
        return text.ToString();
    }

    private static string RandomWord(Random random) =>
        string.Create(random.Next(2, 9), random, static (chars, r) =>
        {
            for (int i = 0; i < chars.Length; i++) chars[i] = (char)r.Next('a', 'z' + 1);
        });

    /// <summary>Times <paramref name="text"/>; <paramref name="newText"/> (same size, other words) is encoded once after
    /// the first encode, so its figure has the code warm but the word cache cold.</summary>
    public static Result Run(string name, Func<ITokenizer> load, string text, string newText, int repeats)
    {
        double kb = Encoding.UTF8.GetByteCount(text) / 1024.0;
        var clock = Stopwatch.StartNew();
        ITokenizer tokenizer = load();
        double loadMs = clock.Elapsed.TotalMilliseconds;

        clock.Restart();
        var ids = tokenizer.Encode(text, addBos: false);
        double firstMs = clock.Elapsed.TotalMilliseconds;

        clock.Restart();
        tokenizer.Encode(newText, addBos: false);
        double newTextMs = clock.Elapsed.TotalMilliseconds;

        double encodeMs = Best(repeats, () => tokenizer.Encode(text, addBos: false));
        double decodeMs = Best(repeats, () => tokenizer.Decode(ids));
        double streamMs = Best(repeats, () =>
        {
            var decoder = tokenizer.CreateStreamingDecoder();
            foreach (int id in ids) decoder.Push(id);
            decoder.Flush();
        });
        return new Result(name, (int)Math.Round(kb), ids.Count, loadMs, firstMs / kb, newTextMs / (Encoding.UTF8.GetByteCount(newText) / 1024.0),
            encodeMs / kb, decodeMs / kb, streamMs / kb);
    }

    private static double Best(int repeats, Action action)
    {
        double best = double.MaxValue;
        for (int i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
        }
        return best;
    }
}
