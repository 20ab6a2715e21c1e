using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LlmLang.Grammar.Benchmark;
using LlmLang.Grammar.Compilation;
using LlmLang.Grammar.JsonSchema;
using LlmLang.Runtime.Backend;
using LlmLang.Runtime.Tokenization;

namespace LlmLang.Cli.Commands;

/// <summary>
/// <c>llmlang bench grammar</c>: JSON-schema grammars over a real vocabulary, following the XGrammar peer's protocol
/// (../shared/peers/xgrammar) and printing the same SUMMARY lines, so the two runs compare line by line.
/// </summary>
internal static class BenchGrammarCommand
{
    private static readonly string[] PeerVocabularies = ["cl100k", "o200k", "llama3"];

    public static Command Create()
    {
        var vocab = new Option<string>("--vocab") { Description = "cl100k, o200k, llama3 (the peer's dumps), or a PATH: a .b64 dump, a tokenizer.json, a SentencePiece .model, a llama2.c tokenizer .bin or a .gguf model.", DefaultValueFactory = _ => "cl100k" };
        var vocabDir = new Option<string?>("--vocab-dir") { Description = "Folder of the peer's NAME.b64 dumps (default: ../shared/peers/xgrammar/vocab)." };
        var schemas = new Option<string>("--schemas") { Description = "A schema file or a folder of them ({schema, tests:[{data, valid}]}).", Required = true };
        var max = new Option<int>("--max") { Description = "At most this many files (sorted by name).", DefaultValueFactory = _ => int.MaxValue };
        var lenientProperties = new Option<bool>("--allow-extra-properties") { Description = "JSON Schema semantics for undeclared properties (default: strict, as the peer)." };
        var verbose = new Option<bool>("--verbose") { Description = "Print each schema's compile time and automaton size, compile errors and rejected instances." };
        var whitespace = new Option<JsonWhitespace>("--whitespace") { Description = "Flexible (default, as the peer's anyWhitespace) or Compact.", DefaultValueFactory = _ => JsonWhitespace.Flexible };
        var json = new Option<bool>("--json") { Description = "One JSON object with every figure." };
        var precompute = new Option<string?>("--precompute-budget") { Description = "Milliseconds, counted from the start of the schema's translation, for which a compile goes on filling the token-mask cache; the rest is filled by the masks that need it (default: 50; 'all': all while compiling, as the peer)." };
        var command = new Command("grammar", "JSON-schema grammar benchmark (peer protocol; SUMMARY lines).") { vocab, vocabDir, schemas, max, lenientProperties, whitespace, precompute, verbose, json };
        command.SetAction(parse =>
        {
            var limits = parse.GetValue(precompute) switch
            {
                null => null,
                "all" => new CompileLimits(MaskPrecomputeBudget: TimeSpan.MaxValue),
                var text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double ms) && ms is >= 0 and < 1e9 =>
                    new CompileLimits(MaskPrecomputeBudget: TimeSpan.FromMilliseconds(ms)),
                var text => throw new CliException($"--precompute-budget: '{text}' is neither 'all' nor a number of milliseconds (0 to 1e9)"),
            };
            var vocabulary = LoadVocabulary(parse.GetValue(vocab)!, parse.GetValue(vocabDir));
            IReadOnlyList<SchemaBenchmarkJob> jobs;
            try
            {
                jobs = SchemaBenchmarkJob.Load(parse.GetValue(schemas)!, parse.GetValue(max));
            }
            catch (Exception e) when (e is IOException or InvalidDataException)
            {
                throw new CliException($"--schemas: {e.Message}");
            }
            var options = new JsonSchemaOptions(Whitespace: parse.GetValue(whitespace), StrictProperties: !parse.GetValue(lenientProperties));
            Action<string>? log = parse.GetValue(verbose) ? Console.WriteLine : null;
            var result = SchemaBenchmark.Run(jobs, vocabulary, options, log, limits);
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(Figures(result)));
            else
                foreach (string line in result.SummaryLines()) Console.WriteLine(line);
            return 0;
        });
        return command;
    }

    private static BenchmarkVocabulary LoadVocabulary(string vocab, string? vocabDir)
    {
        try
        {
            if (PeerVocabularies.Contains(vocab))
                return BenchmarkVocabulary.Load(Path.Combine(vocabDir ?? DefaultVocabularyDirectory(), vocab + ".b64"));
            if (vocab.EndsWith(".b64", StringComparison.Ordinal)) return BenchmarkVocabulary.Load(vocab);
            var tokenizer = TokenizerFactory.Load(vocab);
            return BenchmarkVocabulary.From(GrammarVocabulary.Of(tokenizer, Path.GetFileName(Path.TrimEndingDirectorySeparator(vocab))));
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw new CliException($"--vocab {vocab}: {e.Message}");
        }
    }

    /// <summary>../shared/peers/xgrammar/vocab beside the repository (or under $LLMLANG_SHARED).</summary>
    private static string DefaultVocabularyDirectory()
    {
        string? shared = Environment.GetEnvironmentVariable("LLMLANG_SHARED");
        if (string.IsNullOrEmpty(shared))
            for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null && shared is null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "LlmLang.sln"))) shared = Path.Combine(dir.FullName, "..", "shared");
        return shared is null
            ? throw new CliException("cannot find the shared folder: run inside the repository, set LLMLANG_SHARED, or pass --vocab-dir")
            : Path.Combine(shared, "peers", "xgrammar", "vocab");
    }

    private static Dictionary<string, object> Figures(SchemaBenchmarkResult r) => new()
    {
        ["vocab"] = r.Vocabulary, ["schemas"] = r.Schemas, ["compileErr"] = r.CompileErrors, ["instancesOK"] = r.InstancesOk,
        ["instancesRejected"] = r.InstancesRejected, ["instancesUncompiled"] = r.InstancesUncompiled,
        ["invalidAccepted"] = r.InvalidAccepted, ["invalidTotal"] = r.InvalidTotal, ["tokens"] = r.Tokens,
        ["acceptedShare"] = Math.Round(r.AcceptedShare, 4),
        ["compileMsP50"] = SchemaBenchmarkResult.Percentile(r.CompileMs, 50), ["compileMsP99"] = SchemaBenchmarkResult.Percentile(r.CompileMs, 99),
        ["masks"] = r.MaskUs.Count,
        ["maskUsP50"] = SchemaBenchmarkResult.Percentile(r.MaskUs, 50), ["maskUsP99"] = SchemaBenchmarkResult.Percentile(r.MaskUs, 99),
    };
}
