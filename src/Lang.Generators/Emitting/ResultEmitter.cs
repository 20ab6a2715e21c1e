using System.Collections.Generic;
using LlmLang.Generators.Model;

namespace LlmLang.Generators.Emitting;

/// <summary>
/// The typed result record of a program: one property per variable of the traced program
/// (Gen&lt;T&gt; variables typed as T, others as string; variables gathered from joined fork branches
/// as read-only lists), on top of the runtime's ProgramResult.
/// </summary>
internal static class ResultEmitter
{
    private static readonly string[] InheritedMembers = { "Text", "Variables", "Trace", "Get", "EqualityContract" };

    public static void Emit(SourceWriter w, ProgramSpec spec)
    {
        string name = ProgramEmitter.ResultName(spec);
        w.Line($"/// <summary>What <see cref=\"{spec.MethodName}\"/> produced: its text, its variables (typed below) and its trace.</summary>");
        w.Open($"{spec.Accessibility} sealed record {name} : global::LlmLang.ProgramResult");
        w.Line("/// <summary>Wraps the outcome of a finished run.</summary>");
        w.Line($"public {name}(global::LlmLang.ProgramResult result) : base(result) {{ }}");

        var taken = new HashSet<string>(InheritedMembers) { name };
        foreach (VariableSpec variable in spec.Variables)
        {
            string property = CSharpText.PropertyName(variable.Name, taken);
            string value = variable.IsTyped ? variable.TypeName : "string";
            string type = variable.InBranch ? $"global::System.Collections.Generic.IReadOnlyList<{value}>" : value;
            string how = variable.InBranch ? ", one value per fork branch" : "";
            w.Line();
            w.Line($"/// <summary>The variable <c>{Xml(variable.Name)}</c>{(variable.IsTyped ? $" (parsed as <c>{Xml(value)}</c>)" : "")}{how}.</summary>");
            w.Line($"public {type} {property} => Get<{type}>({CSharpText.Literal(variable.Name)});");
        }
        w.Close();
    }

    private static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
