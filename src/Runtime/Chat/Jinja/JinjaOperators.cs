namespace LlmLang.Runtime.Chat.Jinja;

/// <summary>Arithmetic, concatenation, membership and comparison, with Python's rules and errors.</summary>
internal static class JinjaOperators
{
    /// <summary>Longest string or list that <c>*</c> may build, so that a template cannot exhaust memory.</summary>
    private const long MaxRepeatLength = 16 << 20;

    public static object? Binary(string op, object? a, object? b)
    {
        if (a is JinjaUndefined ua && op != "~") throw ua.Fail($"cannot use it with '{op}'");
        if (b is JinjaUndefined ub && op != "~") throw ub.Fail($"cannot use it with '{op}'");
        return op switch
        {
            "~" => JinjaValues.Str(a) + JinjaValues.Str(b),
            "+" => Add(a, b),
            "*" => Multiply(a, b),
            _ when !JinjaValues.IsNumber(a) || !JinjaValues.IsNumber(b) => throw Unsupported(op, a, b),
            "-" => Integers(a, b, out long x, out long y) ? (object)checked(x - y) : JinjaValues.ToDouble(a) - JinjaValues.ToDouble(b),
            "/" => JinjaValues.ToDouble(a) / Divisor(b),
            "//" => Integers(a, b, out long x, out long y)
                ? (object)(y == 0 ? throw new JinjaError("integer division by zero") : FloorDivide(x, y))
                : Math.Floor(JinjaValues.ToDouble(a) / Divisor(b)),
            "%" => Integers(a, b, out long x, out long y)
                ? (object)(y == 0 ? throw new JinjaError("integer modulo by zero") : x - FloorDivide(x, y) * y)
                : PythonModulo(JinjaValues.ToDouble(a), Divisor(b)),
            "**" => Integers(a, b, out long x, out long y) && y >= 0 ? IntegerPower(x, y) : Math.Pow(JinjaValues.ToDouble(a), JinjaValues.ToDouble(b)),
            _ => throw new JinjaError($"unknown operator '{op}'"),
        };
    }

    private static object? Add(object? a, object? b) => (a, b) switch
    {
        (string x, string y) => x + y,
        (List<object?> x, List<object?> y) => x.Concat(y).ToList(),
        _ when JinjaValues.IsNumber(a) && JinjaValues.IsNumber(b) =>
            Integers(a, b, out long x, out long y) ? (object)checked(x + y) : JinjaValues.ToDouble(a) + JinjaValues.ToDouble(b),
        _ => throw Unsupported("+", a, b),
    };

    private static object? Multiply(object? a, object? b)
    {
        if (JinjaValues.IsNumber(a) && JinjaValues.IsNumber(b))
            return Integers(a, b, out long x, out long y) ? (object)checked(x * y) : JinjaValues.ToDouble(a) * JinjaValues.ToDouble(b);
        (object? sequence, object? times) = a is long or bool ? (b, a) : (a, b);
        if (times is not (long or bool)) throw Unsupported("*", a, b);
        long n = Math.Max(0, times is bool t ? (t ? 1 : 0) : (long)times);
        if (n * JinjaValues.Length(sequence) > MaxRepeatLength) throw new JinjaError("'*' would build a value longer than 16M items");
        return sequence switch
        {
            string s => string.Concat(Enumerable.Repeat(s, (int)n)),
            List<object?> list => Enumerable.Repeat(list, (int)n).SelectMany(l => l).ToList(),
            _ => throw Unsupported("*", a, b),
        };
    }

    private static bool Integers(object? a, object? b, out long x, out long y)
    {
        x = a is long la ? la : a is bool ba ? (ba ? 1 : 0) : 0;
        y = b is long lb ? lb : b is bool bb ? (bb ? 1 : 0) : 0;
        return a is long or bool && b is long or bool;
    }

    private static double Divisor(object? b) =>
        JinjaValues.ToDouble(b) is var d && d == 0 ? throw new JinjaError("division by zero") : d;

    private static long FloorDivide(long x, long y) => x / y - ((x % y != 0 && (x < 0) != (y < 0)) ? 1 : 0);

    private static double PythonModulo(double x, double y) => x - Math.Floor(x / y) * y;

    private static object IntegerPower(long x, long y)
    {
        if (x is 0 or 1) return y == 0 ? 1L : x;
        if (x == -1) return y % 2 == 0 ? 1L : -1L;
        long result = 1;
        for (long i = 0; i < y; i++) result = checked(result * x);
        return result;
    }

    private static JinjaError Unsupported(string op, object? a, object? b) =>
        new($"unsupported operand type(s) for {op}: '{JinjaValues.TypeName(a)}' and '{JinjaValues.TypeName(b)}'");

    public static object? Negate(object? value) => value switch
    {
        long n => (object)checked(-n),
        double d => -d,
        bool b => b ? -1L : 0L,
        _ => throw new JinjaError($"bad operand type for unary -: '{JinjaValues.TypeName(value)}'"),
    };

    /// <summary>Python's <c>item in container</c>.</summary>
    public static bool Contains(object? container, object? item) => container switch
    {
        string s => item is string sub ? s.Contains(sub, StringComparison.Ordinal)
            : throw new JinjaError($"'in <string>' requires string as left operand, not {JinjaValues.TypeName(item)}"),
        List<object?> list => list.Any(x => JinjaValues.Equals(x, item)),
        JinjaDict dict => item is string key && dict.ContainsKey(key),
        JinjaUndefined => false,
        _ => throw new JinjaError($"argument of type '{JinjaValues.TypeName(container)}' is not iterable"),
    };

    /// <summary>One link of a comparison chain.</summary>
    public static bool Compare(string op, object? a, object? b) => op switch
    {
        "==" => JinjaValues.Equals(a, b),
        "!=" => !JinjaValues.Equals(a, b),
        "<" => JinjaValues.Compare(a, b, op) < 0,
        "<=" => JinjaValues.Compare(a, b, op) <= 0,
        ">" => JinjaValues.Compare(a, b, op) > 0,
        ">=" => JinjaValues.Compare(a, b, op) >= 0,
        "in" => Contains(b, a),
        "not in" => !Contains(b, a),
        _ => throw new JinjaError($"unknown comparison '{op}'"),
    };
}
