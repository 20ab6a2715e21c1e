using System.Linq;
using LlmLang.Generators.Model;

namespace LlmLang.Generators.Emitting;

/// <summary>
/// The program's entry points: …Async (one run), …BatchAsync (many argument sets, bounded
/// parallelism, progress) and …StreamAsync (text deltas as they arrive). Each hands the user's
/// method to the runtime's ProgramRunner as a delegate, with the graph and a typed-result factory.
/// </summary>
internal static class EntryPointEmitter
{
    private const string Backend = "global::LlmLang.ILlmBackend backend";
    private const string Token = "global::System.Threading.CancellationToken cancellationToken = default";

    // Lambda parameters spelled so they cannot collide with the program's own parameter names.
    private const string State = "__state";

    public static void Emit(SourceWriter w, ProgramSpec spec)
    {
        string result = ProgramEmitter.ResultName(spec);
        string graph = ProgramEmitter.GraphName(spec);
        string parameters = ProgramEmitter.ParameterList(spec);
        string program = $"{State} => {ProgramEmitter.Invocation(spec, State, "")}";
        string factory = $"static __outcome => new {result}(__outcome)";

        w.Line($"/// <summary>Runs <see cref=\"{spec.MethodName}\"/> on <paramref name=\"backend\"/> and returns its typed result.</summary>");
        w.Line($"{spec.Accessibility} static global::System.Threading.Tasks.Task<{result}> {spec.MethodName}Async({Backend}, {parameters}global::LlmLang.RunOptions? options = null, {Token})");
        w.Line($"    => global::LlmLang.ProgramRunner.RunAsync(backend, {program}, {graph}, {factory}, options, cancellationToken);");
        w.Line();

        var (batchParameter, batchPrograms) = BatchShape(spec);
        w.Line($"/// <summary>Runs <see cref=\"{spec.MethodName}\"/> once per argument set, in parallel as the options allow, sharing the constant prefix; results are in input order.</summary>");
        w.Line($"{spec.Accessibility} static global::System.Threading.Tasks.Task<global::System.Collections.Generic.IReadOnlyList<{result}>> {spec.MethodName}BatchAsync({Backend}, {batchParameter}, global::LlmLang.BatchOptions? options = null, global::System.IProgress<global::LlmLang.BatchProgress>? progress = null, {Token})");
        w.Line($"    => global::LlmLang.ProgramRunner.RunBatchAsync(backend, global::System.Linq.Enumerable.ToList(global::System.Linq.Enumerable.Select({batchPrograms})), {graph}, {factory}, options, progress, cancellationToken);");
        w.Line();

        w.Line($"/// <summary>Runs <see cref=\"{spec.MethodName}\"/> and streams its text as it is produced.</summary>");
        w.Line($"{spec.Accessibility} static global::System.Collections.Generic.IAsyncEnumerable<global::LlmLang.TextDelta> {spec.MethodName}StreamAsync({Backend}, {parameters}global::LlmLang.RunOptions? options = null, {Token})");
        w.Line($"    => global::LlmLang.ProgramRunner.StreamAsync(backend, {program}, {graph}, options, cancellationToken);");
    }

    // One argument set per run: none → a run count, one → the value itself, several → a named tuple.
    private static (string Parameter, string Programs) BatchShape(ProgramSpec spec)
    {
        const string action = "global::System.Action<global::LlmLang.ProgramState>";
        switch (spec.Parameters.Count)
        {
            case 0:
                return ("int count", $"global::System.Linq.Enumerable.Range(0, count), static _ => ({action})({State} => {ProgramEmitter.Invocation(spec, State, "")})");
            case 1:
                ParameterSpec only = spec.Parameters[0];
                return ($"global::System.Collections.Generic.IEnumerable<{only.TypeName}> arguments",
                    $"arguments, static __argument => ({action})({State} => {spec.MethodName}({State}, __argument))");
            default:
                string tuple = "(" + string.Join(", ", spec.Parameters.Select(p => $"{p.TypeName} {p.Name}")) + ")";
                return ($"global::System.Collections.Generic.IEnumerable<{tuple}> arguments",
                    $"arguments, static __argument => ({action})({State} => {ProgramEmitter.Invocation(spec, State, "__argument.")})");
        }
    }
}
