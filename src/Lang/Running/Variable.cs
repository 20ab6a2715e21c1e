namespace LlmLang;

/// <summary>A variable's value: its text, the typed value of a <c>Gen&lt;T&gt;</c>, or the values gathered from fork branches.</summary>
internal sealed record Variable(string Text, object? Typed = null, IReadOnlyList<Variable>? Gathered = null)
{
    /// <summary>The value as <typeparamref name="T"/>; gathered values also read as arrays, lists and read-only lists.</summary>
    /// <exception cref="FormatException">The text does not parse as <typeparamref name="T"/>.</exception>
    public T As<T>(string name)
    {
        if (Typed is T typed) return typed;
        try
        {
            if (Gathered is not null && ElementType(typeof(T)) is { } element)
            {
                var array = Array.CreateInstance(element, Gathered.Count);
                for (int i = 0; i < Gathered.Count; i++)
                    array.SetValue(Gathered[i].Typed is { } t && element.IsInstanceOfType(t) ? t : Primitives.ParseValue(Gathered[i].Text, element), i);
                return array is T asArray ? asArray : (T)Activator.CreateInstance(typeof(T), array)!;
            }
            return (T)Primitives.ParseValue(Text, typeof(T))!;
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or OverflowException or InvalidCastException or NotSupportedException)
        {
            throw new FormatException($"variable \"{name}\" (\"{Text}\") cannot be read as {typeof(T).Name}: {e.Message}", e);
        }
    }

    /// <summary>E for E[], List&lt;E&gt; and the interfaces an E[] implements; null for anything else.</summary>
    private static Type? ElementType(Type type)
    {
        if (type.IsArray) return type.GetElementType();
        if (!type.IsGenericType || type.GetGenericArguments() is not [var element]) return null;
        var arrayType = element.MakeArrayType();
        return type.IsAssignableFrom(arrayType) || type == typeof(List<>).MakeGenericType(element) ? element : null;
    }
}
