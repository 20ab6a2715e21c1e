using System.Text;

namespace LlmLang.Generators.Emitting;

/// <summary>Writes C# source line by line with brace-tracking indentation.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder builder = new();
    private int depth;

    public SourceWriter Line(string text = "")
    {
        if (text.Length > 0) builder.Append(' ', depth * 4).Append(text);
        builder.Append('\n');
        return this;
    }

    public SourceWriter Open(string header)
    {
        Line(header);
        Line("{");
        depth++;
        return this;
    }

    public SourceWriter Close(string suffix = "")
    {
        depth--;
        return Line("}" + suffix);
    }

    public override string ToString() => builder.ToString();
}
