namespace LlmLang;

/// <summary>
/// Marks a static method <c>void Name(ProgramState s, …)</c> in a <c>partial</c> type as an LLM program. The source
/// generator emits its execution graph, a typed result record and <c>NameAsync</c>/<c>NameBatchAsync</c>/<c>NameStreamAsync</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class LlmFunctionAttribute : Attribute;
