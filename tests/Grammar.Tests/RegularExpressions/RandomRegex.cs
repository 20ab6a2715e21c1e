using System.Text;

namespace LlmLang.Grammar.Tests.RegularExpressions;

/// <summary>Small random regexes and strings over an alphabet where our syntax and .NET's ECMAScript mode agree.</summary>
internal sealed class RandomRegex(int seed)
{
    // No astral characters: .NET regexes see them as two UTF-16 units, ours as one scalar (tested separately).
    public static readonly string[] Alphabet = ["a", "b", "0", "_", " ", "é", "中", "-"];

    private static readonly string[] Atoms =
    [
        "a", "b", "0", "_", " ", "é", "中", ".", "\\d", "\\w", "\\s", "\\D", "\\W", "\\S", "[ab]", "[^a0]", "[a-c]",
        "[0-9_]", "\\u00e9", "\\x61", "[\\w ]", "[^\\d]", "\\.", "-", "[\\u4e00-\\u9fff]",
    ];

    private static readonly string[] Quantifiers = ["*", "+", "?", "{2}", "{1,}", "{0,2}", "*?", "+?", "??", "{1,3}?"];

    private readonly Random _random = new(seed);

    public string Pattern(int depth = 3)
    {
        int alternatives = _random.Next(4) == 0 ? 2 : 1;
        var parts = new List<string>();
        for (int a = 0; a < alternatives; a++)
        {
            var sequence = new StringBuilder();
            int length = _random.Next(1, 4);
            for (int i = 0; i < length; i++)
            {
                string atom = depth > 0 && _random.Next(4) == 0 ? $"(?:{Pattern(depth - 1)})" : Atoms[_random.Next(Atoms.Length)];
                sequence.Append(atom);
                if (_random.Next(3) == 0) sequence.Append(Quantifiers[_random.Next(Quantifiers.Length)]);
            }
            parts.Add(sequence.ToString());
        }
        return string.Join('|', parts);
    }

    public string Text()
    {
        var text = new StringBuilder();
        int length = _random.Next(0, 6);
        for (int i = 0; i < length; i++) text.Append(Alphabet[_random.Next(Alphabet.Length)]);
        return text.ToString();
    }
}
