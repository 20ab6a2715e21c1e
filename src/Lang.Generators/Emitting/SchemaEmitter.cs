using LlmLang.Generators.Model;

namespace LlmLang.Generators.Emitting;

/// <summary>
/// Registers each Gen&lt;T&gt; type's compile-time JSON schema with the runtime before any program
/// runs (a module initializer), so Primitives.Gen&lt;T&gt; can find it without reflection.
/// </summary>
internal static class SchemaEmitter
{
    public static void Emit(SourceWriter w, ProgramSpec spec)
    {
        string name = "LlmSchemas_" + (spec.ContainingType.FullName + "_" + spec.MethodName).Replace('.', '_').Replace('<', '_').Replace('>', '_').Replace(',', '_').Replace(' ', '_');
        w.Open($"file static class {name}");
        w.Line("[global::System.Runtime.CompilerServices.ModuleInitializer]");
        w.Open("internal static void Register()");
        foreach (SchemaSpec schema in spec.Schemas)
            w.Line($"global::LlmLang.JsonSchemaRegistry.Register<{schema.TypeName}>({CSharpText.Literal(schema.Schema)});");
        w.Close();
        w.Close();
    }
}
