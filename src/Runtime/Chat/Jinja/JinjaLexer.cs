using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace LlmLang.Runtime.Chat.Jinja;

/// <summary>
/// Splits a template into text and tag tokens with Hugging Face's settings (<c>trim_blocks</c>, <c>lstrip_blocks</c>):
/// the first newline after a block or comment tag is dropped, spaces and tabs before a block or comment tag that starts
/// a line are dropped, <c>-</c> inside a delimiter strips all whitespace on that side, <c>+</c> keeps it, and one
/// trailing newline of the source is dropped.
/// </summary>
internal sealed partial class JinjaLexer
{
    private static readonly string[] Operators =
        ["//", "**", "==", "!=", "<=", ">=", "+", "-", "*", "/", "%", "~", "<", ">", "=", "(", ")", "[", "]", "{", "}", ",", ".", ":", "|"];

    private readonly string _source;
    private readonly int[] _lineStarts;
    private readonly List<JinjaToken> _tokens = [];
    private int _pos;

    private JinjaLexer(string source)
    {
        _source = source;
        var starts = new List<int> { 0 };
        for (int i = 0; i < source.Length; i++)
            if (source[i] == '\n') starts.Add(i + 1);
        _lineStarts = [.. starts];
    }

    public static IReadOnlyList<JinjaToken> Tokenize(string template)
    {
        string source = template.Replace("\r\n", "\n").Replace('\r', '\n');
        if (source.EndsWith('\n')) source = source[..^1];
        var lexer = new JinjaLexer(source);
        lexer.Run();
        return lexer._tokens;
    }

    private void Run()
    {
        bool lineStarting = true;
        bool stripLeading = false;
        while (_pos < _source.Length)
        {
            int tag = NextTagStart(_pos);
            string text = _source[_pos..(tag < 0 ? _source.Length : tag)];
            int textStart = _pos;
            if (stripLeading) text = text.TrimStart();
            if (tag < 0)
            {
                AddText(text, textStart);
                break;
            }

            char kind = _source[tag + 1];
            char control = tag + 2 < _source.Length ? _source[tag + 2] : '\0';
            if (control == '+' && kind == '{') control = '\0'; // '+' is whitespace control for blocks and comments only
            if (control == '-') text = text.TrimEnd();
            else if (control != '+' && kind != '{') text = LeftStripBlock(text, lineStarting);
            AddText(text, textStart);

            int inner = tag + 2 + (control is '-' or '+' ? 1 : 0);
            (_pos, stripLeading, lineStarting) = kind switch
            {
                '#' => SkipComment(tag, inner),
                '%' when IsRawTag(inner) => ReadRaw(tag, inner),
                _ => ReadTag(tag, inner, kind == '{'),
            };
        }
        _tokens.Add(new JinjaToken(TokenKind.EndOfTemplate, "", At(_source.Length)));
    }

    private int NextTagStart(int from)
    {
        for (int i = _source.IndexOf('{', from); i >= 0 && i + 1 < _source.Length; i = _source.IndexOf('{', i + 1))
            if (_source[i + 1] is '{' or '%' or '#') return i;
        return -1;
    }

    // lstrip_blocks: spaces and tabs between the line start and a block tag go, if nothing else is there.
    private static string LeftStripBlock(string text, bool lineStarting)
    {
        int lineStart = text.LastIndexOf('\n') + 1;
        if (lineStart == 0 && !lineStarting) return text;
        for (int i = lineStart; i < text.Length; i++)
            if (text[i] is not (' ' or '\t')) return text;
        return text[..lineStart];
    }

    private void AddText(string text, int offset)
    {
        if (text.Length > 0) _tokens.Add(new JinjaToken(TokenKind.Text, text, At(offset), text));
    }

    // After a closing delimiter: '-' strips all following whitespace; a block or comment without '+' eats one newline.
    private (int Next, bool StripLeading, bool LineStarting) AfterClose(int closeStart, int closeEnd, bool isBlock)
    {
        if (_source[closeStart] == '-') return (closeEnd, true, false);
        if (isBlock && _source[closeStart] != '+' && closeEnd < _source.Length && _source[closeEnd] == '\n')
            return (closeEnd + 1, false, true);
        return (closeEnd, false, false);
    }

    private (int, bool, bool) SkipComment(int tag, int inner)
    {
        int end = _source.IndexOf("#}", inner, StringComparison.Ordinal);
        if (end < 0) throw Error(tag, "unclosed comment '{#' (no matching '#}')");
        int closeStart = end > inner && _source[end - 1] is '-' or '+' ? end - 1 : end;
        return AfterClose(closeStart, end + 2, isBlock: true);
    }

    private bool IsRawTag(int inner) => RawOpen().Match(_source, inner).Success;

    private (int, bool, bool) ReadRaw(int tag, int inner)
    {
        Match open = RawOpen().Match(_source, inner);
        Match close = RawClose().Match(_source, open.Index + open.Length);
        if (!close.Success) throw Error(tag, "unclosed '{% raw %}' (no matching '{% endraw %}')");
        AddText(_source[(open.Index + open.Length)..close.Index], open.Index + open.Length);
        return AfterClose(close.Index + close.Length - 3, close.Index + close.Length, isBlock: true);
    }

    [GeneratedRegex(@"\G\s*raw\s*[-+]?%}")]
    private static partial Regex RawOpen();

    [GeneratedRegex(@"\{%[-+]?\s*endraw\s*[-+]?%}")]
    private static partial Regex RawClose();

    private (int, bool, bool) ReadTag(int tag, int inner, bool isOutput)
    {
        _tokens.Add(new JinjaToken(isOutput ? TokenKind.OutputBegin : TokenKind.BlockBegin, isOutput ? "{{" : "{%", At(tag)));
        char closer = isOutput ? '}' : '%';
        int depth = 0;
        int i = inner;
        while (true)
        {
            while (i < _source.Length && char.IsWhiteSpace(_source[i])) i++;
            if (i >= _source.Length)
                throw Error(tag, $"unclosed '{(isOutput ? "{{" : "{%")}' (no matching '{(isOutput ? "}}" : "%}")}')");
            if (depth == 0 && ClosesAt(i, closer, out int closeEnd))
            {
                _tokens.Add(new JinjaToken(isOutput ? TokenKind.OutputEnd : TokenKind.BlockEnd, isOutput ? "}}" : "%}", At(i)));
                return AfterClose(i, closeEnd, isBlock: !isOutput);
            }
            i = ReadToken(i, ref depth);
        }
    }

    private bool ClosesAt(int i, char closer, out int end)
    {
        int j = _source[i] == '-' || (_source[i] == '+' && closer == '%') ? i + 1 : i;
        end = j + 2;
        return j + 1 < _source.Length && _source[j] == closer && _source[j + 1] == '}';
    }

    private int ReadToken(int i, ref int depth)
    {
        char c = _source[i];
        if (char.IsAsciiLetter(c) || c == '_')
        {
            int end = i + 1;
            while (end < _source.Length && (char.IsAsciiLetterOrDigit(_source[end]) || _source[end] == '_')) end++;
            _tokens.Add(new JinjaToken(TokenKind.Name, _source[i..end], At(i)));
            return end;
        }
        if (char.IsAsciiDigit(c)) return ReadNumber(i);
        if (c is '\'' or '"') return ReadString(i);
        foreach (string op in Operators)
        {
            if (string.CompareOrdinal(_source, i, op, 0, op.Length) != 0) continue;
            if (op is "(" or "[" or "{") depth++;
            else if (op is ")" or "]" or "}") depth = Math.Max(0, depth - 1);
            _tokens.Add(new JinjaToken(TokenKind.Operator, op, At(i)));
            return i + op.Length;
        }
        throw Error(i, $"unexpected character '{c}'");
    }

    private int ReadNumber(int i)
    {
        Match m = NumberPattern().Match(_source, i);
        string text = m.Value.Replace("_", "");
        bool isFloat = text.Contains('.') || text.Contains('e') || text.Contains('E');
        object value = isFloat
            ? double.Parse(text, CultureInfo.InvariantCulture)
            : long.TryParse(text, CultureInfo.InvariantCulture, out long n) ? (object)n : throw Error(i, $"integer literal {text} is too large");
        _tokens.Add(new JinjaToken(isFloat ? TokenKind.Float : TokenKind.Integer, m.Value, At(i), value));
        return i + m.Length;
    }

    [GeneratedRegex(@"\G\d+(_\d+)*((\.\d+(_\d+)*)([eE][+-]?\d+)?|[eE][+-]?\d+)?")]
    private static partial Regex NumberPattern();

    // Python string literal escapes; an unknown escape keeps its backslash, as Python does.
    private int ReadString(int start)
    {
        char quote = _source[start];
        var value = new StringBuilder();
        int i = start + 1;
        while (true)
        {
            if (i >= _source.Length) throw Error(start, "unterminated string literal");
            char c = _source[i];
            if (c == quote) break;
            if (c != '\\' || i + 1 >= _source.Length)
            {
                value.Append(c);
                i++;
                continue;
            }
            char e = _source[i + 1];
            i += 2;
            switch (e)
            {
                case 'n': value.Append('\n'); break;
                case 't': value.Append('\t'); break;
                case 'r': value.Append('\r'); break;
                case 'b': value.Append('\b'); break;
                case 'f': value.Append('\f'); break;
                case 'v': value.Append('\v'); break;
                case 'a': value.Append('\a'); break;
                case '0': value.Append('\0'); break;
                case '\\' or '\'' or '"': value.Append(e); break;
                case '\n': break;
                case 'x' or 'u' or 'U':
                    int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (i + digits > _source.Length || !int.TryParse(_source.AsSpan(i, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int code)
                        || code > 0x10FFFF)
                        throw Error(i - 2, $"bad \\{e} escape in string literal");
                    value.Append(code is >= 0xD800 and <= 0xDFFF ? ((char)code).ToString() : char.ConvertFromUtf32(code));
                    i += digits;
                    break;
                default: value.Append('\\').Append(e); break;
            }
        }
        _tokens.Add(new JinjaToken(TokenKind.String, _source[start..(i + 1)], At(start), value.ToString()));
        return i + 1;
    }

    private SourcePosition At(int offset)
    {
        int line = Array.BinarySearch(_lineStarts, offset);
        if (line < 0) line = ~line - 1;
        return new SourcePosition(line + 1, offset - _lineStarts[line] + 1);
    }

    private ChatTemplateException Error(int offset, string reason)
    {
        SourcePosition at = At(offset);
        return new ChatTemplateException(reason, at.Line, at.Column);
    }
}
