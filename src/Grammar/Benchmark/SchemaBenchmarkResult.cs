using System.Globalization;

namespace LlmLang.Grammar.Benchmark;

/// <summary>
/// The figures of one grammar benchmark run, with the same fields as the XGrammar peer's SUMMARY lines (see
/// <c>../shared/peers/xgrammar/README.md</c>), so the two can be compared line by line.
/// </summary>
/// <param name="Vocabulary">Vocabulary name.</param>
/// <param name="Schemas">Schemas tried.</param>
/// <param name="CompileErrors">Schemas that failed to compile.</param>
/// <param name="InstancesOk">Valid instances of compiled schemas that were decoded.</param>
/// <param name="InstancesRejected">Valid instances of compiled schemas that were not.</param>
/// <param name="InstancesUncompiled">Valid instances of schemas that failed to compile.</param>
/// <param name="InvalidAccepted">Invalid instances of compiled schemas decoded anyway (false accepts).</param>
/// <param name="InvalidTotal">Invalid instances tried.</param>
/// <param name="Tokens">Tokens forced while decoding valid instances.</param>
/// <param name="CompileMs">Compile time per compiled schema, milliseconds.</param>
/// <param name="MaskUs">Time per next-token mask over valid instances, microseconds (empty when not measured).</param>
public sealed record SchemaBenchmarkResult(
    string Vocabulary, int Schemas, int CompileErrors, int InstancesOk, int InstancesRejected, int InstancesUncompiled,
    int InvalidAccepted, int InvalidTotal, long Tokens, IReadOnlyList<double> CompileMs, IReadOnlyList<double> MaskUs)
{
    /// <summary>Share of valid instances accepted: OK / (OK + rejected + uncompiled).</summary>
    public double AcceptedShare => (double)InstancesOk / Math.Max(1, InstancesOk + InstancesRejected + InstancesUncompiled);

    /// <summary>The three SUMMARY lines, formatted as the peer prints them (JavaScript number formatting included).</summary>
    public IReadOnlyList<string> SummaryLines() =>
    [
        $"SUMMARY {Vocabulary} schemas={Schemas} compileErr={CompileErrors} instancesOK={InstancesOk} instancesRejected={InstancesRejected} " +
        $"instancesUncompiled={InstancesUncompiled} invalidAccepted={InvalidAccepted} invalidTotal={InvalidTotal} tokens={Tokens}",
        $"  compile ms: avg {Fixed(Average(CompileMs), 1)} p50 {Fixed(Percentile(CompileMs, 50), 1)} p90 {Fixed(Percentile(CompileMs, 90), 1)} " +
        $"p99 {Fixed(Percentile(CompileMs, 99), 1)} max {Fixed(Max(CompileMs), 1)}",
        $"  mask us: n={MaskUs.Count} avg {Fixed(Average(MaskUs), 0)} p25 {Fixed(Percentile(MaskUs, 25), 0)} p50 {Fixed(Percentile(MaskUs, 50), 0)} " +
        $"p90 {Fixed(Percentile(MaskUs, 90), 0)} p99 {Fixed(Percentile(MaskUs, 99), 0)} max {Fixed(Max(MaskUs), 0)}",
    ];

    /// <summary>The peer's percentile: the sorted value at floor(p/100·n), NaN when empty.</summary>
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Floor(p / 100 * sorted.Length))];
    }

    private static double Average(IReadOnlyList<double> values) => values.Sum() / Math.Max(1, values.Count);

    private static double Max(IReadOnlyList<double> values) => values.Count == 0 ? double.NegativeInfinity : values.Max();

    private static string Fixed(double value, int digits) =>
        double.IsNaN(value) ? "NaN" : double.IsInfinity(value) ? (value > 0 ? "Infinity" : "-Infinity")
        : value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
