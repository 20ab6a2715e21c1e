namespace LlmLang;

/// <summary>A variable's value: its text, the typed value of a <c>Gen&lt;T&gt;</c>, or the values gathered from fork branches.</summary>
internal sealed record Variable(string Text, object? Typed = null, IReadOnlyList<Variable>? Gathered = null)
{
    public T As<T>(string name)
    {
        if (Typed is T typed) return typed;
        if (Gathered is not null)
        {
            var element = typeof(T).IsArray ? typeof(T).GetElementType()
                : typeof(T).IsGenericType && typeof(T).GetGenericArguments().Length == 1 ? typeof(T).GetGenericArguments()[0] : null;
            if (element is not null)
            {
                var array = Array.CreateInstance(element, Gathered.Count);
                for (int i = 0; i < Gathered.Count; i++) array.SetValue(Gathered[i].Typed is { } t && element.IsInstanceOfType(t) ? t : Primitives.ParseValue(Gathered[i].Text, element), i);
                if (array is T list) return list;
            }
        }
        try
        {
            return (T)Primitives.ParseValue(Text, typeof(T))!;
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or OverflowException or InvalidCastException)
        {
            throw new FormatException($"variable \"{name}\" (\"{Text}\") cannot be read as {typeof(T).Name}: {e.Message}", e);
        }
    }
}
