using System.Linq;
using LlmLang.Generators.Model;

namespace LlmLang.Generators.Emitting;

/// <summary>The program's execution graph as a static property, built once from the traced nodes.</summary>
internal static class GraphEmitter
{
    public static void Emit(SourceWriter w, ProgramSpec spec)
    {
        w.Line($"/// <summary>The execution graph of <see cref=\"{spec.MethodName}\"/>{(spec.IsCompleteGraph ? "" : " (its traceable prefix: the rest of the body runs interpreted)")}.</summary>");
        w.Line($"{spec.Accessibility} static global::LlmLang.ExecutionGraph {ProgramEmitter.GraphName(spec)} {{ get; }} = new global::LlmLang.ExecutionGraph();");
    }
}
