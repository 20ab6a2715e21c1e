using System.Collections.Concurrent;

namespace LlmLang;

/// <summary>
/// JSON schemas of the types used with <c>Gen&lt;T&gt;</c>, registered at start-up by code the source generator emits
/// (a module initializer), so the schema is derived once, at compile time.
/// </summary>
public static class JsonSchemaRegistry
{
    private static readonly ConcurrentDictionary<Type, string> Schemas = new();

    /// <summary>Registers the schema of <typeparamref name="T"/> (the last registration wins).</summary>
    public static void Register<T>(string schema) => Schemas[typeof(T)] = schema;

    /// <summary>The schema registered for <paramref name="type"/>, if any.</summary>
    public static bool TryGet(Type type, out string? schema) => Schemas.TryGetValue(type, out schema);
}
