using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmLang;

/// <summary>How generated JSON maps onto C# values: camelCase or exact property names, enums as strings.</summary>
internal static class JsonValues
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };
}
