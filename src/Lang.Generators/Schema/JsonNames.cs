namespace LlmLang.Generators.Schema;

/// <summary>
/// Property names as System.Text.Json's camelCase policy writes them (the leading run of capitals is
/// lowered, keeping the capital that starts the next word: "URLValue" → "urlValue", "IO" → "io"),
/// so the schema's names are the ones LlmLang's JSON options read back.
/// </summary>
internal static class JsonNames
{
    public static string CamelCase(string name)
    {
        if (name.Length == 0 || !char.IsUpper(name[0])) return name;
        char[] chars = name.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
        {
            if (i == 1 && !char.IsUpper(chars[i])) break;
            bool hasNext = i + 1 < chars.Length;
            // A capital followed by a lower-case letter starts the next word: keep it (unless a space follows).
            if (i > 0 && hasNext && !char.IsUpper(chars[i + 1]))
            {
                if (chars[i + 1] == ' ') chars[i] = char.ToLowerInvariant(chars[i]);
                break;
            }
            chars[i] = char.ToLowerInvariant(chars[i]);
        }
        return new string(chars);
    }
}
