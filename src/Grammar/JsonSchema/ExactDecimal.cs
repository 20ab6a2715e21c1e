using System.Numerics;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>
/// A JSON number held exactly as sign, integer part and fraction digits (trailing zeros trimmed), so that range
/// bounds such as <c>0.1</c> or <c>1e3</c> are compared digit by digit without floating-point error.
/// </summary>
internal readonly record struct ExactDecimal(bool Negative, BigInteger Integer, string Fraction)
{
    /// <summary>Exponents beyond this are refused (the digit strings would be absurd).</summary>
    private const int MaxExponent = 400;

    public bool IsZero => Integer.IsZero && Fraction.Length == 0;

    public bool IsInteger => Fraction.Length == 0;

    /// <summary>Parses JSON number text; null when the exponent is out of range.</summary>
    public static ExactDecimal? Parse(string text)
    {
        bool negative = text.StartsWith('-');
        string body = negative ? text[1..] : text;
        int e = body.IndexOfAny(['e', 'E']);
        int exponent = 0;
        if (e >= 0)
        {
            if (!int.TryParse(body[(e + 1)..], System.Globalization.NumberStyles.AllowLeadingSign,
                    System.Globalization.CultureInfo.InvariantCulture, out exponent) || Math.Abs(exponent) > MaxExponent)
                return null;
            body = body[..e];
        }
        int dot = body.IndexOf('.');
        string digits = dot < 0 ? body : body[..dot] + body[(dot + 1)..];
        int pointAt = (dot < 0 ? body.Length : dot) + exponent;
        if (pointAt < 0) { digits = new string('0', -pointAt) + digits; pointAt = 0; }
        if (pointAt > digits.Length) { digits += new string('0', pointAt - digits.Length); }
        var integer = pointAt == 0 ? BigInteger.Zero : BigInteger.Parse(digits[..pointAt], System.Globalization.CultureInfo.InvariantCulture);
        string fraction = digits[pointAt..].TrimEnd('0');
        var value = new ExactDecimal(negative, integer, fraction);
        return value.IsZero ? value with { Negative = false } : value;
    }

    /// <summary>The smallest integer ≥ this value.</summary>
    public BigInteger Ceiling() => Negative ? -Integer : Integer + (IsInteger ? 0 : 1);

    /// <summary>The largest integer ≤ this value.</summary>
    public BigInteger Floor() => Negative ? -Integer - (IsInteger ? 0 : 1) : Integer;

    /// <summary>The absolute value.</summary>
    public ExactDecimal Abs() => this with { Negative = false };

    /// <summary>Compares values.</summary>
    public int CompareTo(ExactDecimal other)
    {
        if (Negative != other.Negative) return Negative ? -1 : 1;
        int magnitude = Integer != other.Integer
            ? Integer.CompareTo(other.Integer)
            : string.CompareOrdinal(Fraction.PadRight(other.Fraction.Length, '0'), other.Fraction.PadRight(Fraction.Length, '0'));
        return Negative ? -magnitude : magnitude;
    }
}
