using LlmLang.Grammar.Ir;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>
/// String contents (without quotes) for the supported <c>format</c> values, written directly in the IR. Each accepts a
/// subset of what its RFC allows and nothing more (e.g. no leap seconds, hostnames of at most 8 labels), so never a
/// false accept. All but json-pointer are ASCII without JSON escapes; json-pointer uses the canonical string spelling.
/// </summary>
internal static class FormatGrammar
{
    /// <summary>The formats the JSON Schema specification defines (validators enforce these; others are annotations).</summary>
    private static readonly HashSet<string> Standard =
    [
        "date-time", "date", "time", "duration", "email", "idn-email", "hostname", "idn-hostname", "ipv4", "ipv6",
        "uri", "uri-reference", "iri", "iri-reference", "uuid", "uri-template", "json-pointer", "relative-json-pointer", "regex",
    ];

    public static bool IsStandard(string format) => Standard.Contains(format);

    private static readonly GrammarExpr Hex = new CharClassExpr([new('0', '9'), new('A', 'F'), new('a', 'f')]);
    private static readonly GrammarExpr Alpha = new CharClassExpr([new('A', 'Z'), new('a', 'z')]);
    private static readonly GrammarExpr AlphaNum = new CharClassExpr([new('0', '9'), new('A', 'Z'), new('a', 'z')]);
    private static readonly GrammarExpr LetterDigitHyphen = new CharClassExpr([new('-', '-'), new('0', '9'), new('A', 'Z'), new('a', 'z')]);

    /// <summary>The content grammar and its length range in characters, or null for an unknown format.</summary>
    public static (GrammarExpr Content, int MinLength, int MaxLength)? Get(string format) => format switch
    {
        "date" => (Date, 10, 10),
        "time" => (Time, 9, int.MaxValue),
        "date-time" => (Expr.Seq(Date, Expr.Chars("Tt"), Time), 20, int.MaxValue),
        "duration" => (Duration, 3, int.MaxValue),
        "uuid" => (Uuid, 36, 36),
        "ipv4" => (Ipv4, 7, 15),
        "ipv6" => (Ipv6, 2, 45),
        "hostname" => (Hostname, 1, 253),
        "email" => (Email, 3, int.MaxValue),
        "uri" => (Uri, 2, int.MaxValue),
        "uri-reference" => (Expr.Or(Uri, RelativeReference), 0, int.MaxValue),
        "json-pointer" => (JsonPointer, 0, int.MaxValue),
        "relative-json-pointer" => (Expr.Seq(IntegerRangeGrammar.NonNegative(0, null), Expr.Or(Expr.Text("#"), JsonPointer)), 1, int.MaxValue),
        _ => null,
    };

    private static GrammarExpr Padded(int low, int high) =>
        IntegerRangeGrammar.SameLength(low.ToString("D2"), high.ToString("D2"));

    private static GrammarExpr Digits(int n) => Expr.Repeat(Expr.Digit, n, n);

    private static GrammarExpr Date
    {
        get
        {
            var year = Digits(4);
            var multipleOf4 = Expr.Or(Expr.Seq(Expr.Chars("02468"), Expr.Chars("048")), Expr.Seq(Expr.Chars("13579"), Expr.Chars("26")));
            var nonZeroMultipleOf4 = Expr.Or(Expr.Seq(Expr.Text("0"), Expr.Chars("48")), Expr.Seq(Expr.Chars("2468"), Expr.Chars("048")),
                Expr.Seq(Expr.Chars("13579"), Expr.Chars("26")));
            var leapYear = Expr.Or(Expr.Seq(Digits(2), nonZeroMultipleOf4), Expr.Seq(multipleOf4, Expr.Text("00")));
            var monthDay = Expr.Or(
                Expr.Seq(Expr.Or(new[] { "01", "03", "05", "07", "08", "10", "12" }.Select(Expr.Text)), Expr.Text("-"), Padded(1, 31)),
                Expr.Seq(Expr.Or(new[] { "04", "06", "09", "11" }.Select(Expr.Text)), Expr.Text("-"), Padded(1, 30)),
                Expr.Seq(Expr.Text("02-"), Padded(1, 28)));
            return Expr.Or(Expr.Seq(year, Expr.Text("-"), monthDay), Expr.Seq(leapYear, Expr.Text("-02-29")));
        }
    }

    private static GrammarExpr Time
    {
        get
        {
            var hm = Expr.Seq(Padded(0, 23), Expr.Text(":"), Padded(0, 59));
            var offset = Expr.Or(Expr.Chars("Zz"), Expr.Seq(Expr.Chars("+-"), hm));
            var fraction = Expr.Opt(Expr.Seq(Expr.Text("."), Expr.Repeat(Expr.Digit, 1, null)));
            return Expr.Seq(hm, Expr.Text(":"), Padded(0, 59), fraction, offset);
        }
    }

    private static GrammarExpr Duration
    {
        get
        {
            GrammarExpr Unit(char u) => Expr.Seq(Expr.Repeat(Expr.Digit, 1, null), Expr.Text(u.ToString()));
            var second = Unit('S');
            var minute = Expr.Seq(Unit('M'), Expr.Opt(second));
            var hour = Expr.Seq(Unit('H'), Expr.Opt(minute));
            var time = Expr.Seq(Expr.Text("T"), Expr.Or(hour, minute, second));
            var day = Unit('D');
            var month = Expr.Seq(Unit('M'), Expr.Opt(day));
            var year = Expr.Seq(Unit('Y'), Expr.Opt(month));
            var date = Expr.Seq(Expr.Or(day, month, year), Expr.Opt(time));
            return Expr.Seq(Expr.Text("P"), Expr.Or(date, time, Unit('W')));
        }
    }

    private static GrammarExpr Uuid =>
        Expr.Seq(Expr.Repeat(Hex, 8, 8), Expr.Text("-"), Expr.Repeat(Hex, 4, 4), Expr.Text("-"), Expr.Repeat(Hex, 4, 4),
            Expr.Text("-"), Expr.Repeat(Hex, 4, 4), Expr.Text("-"), Expr.Repeat(Hex, 12, 12));

    private static GrammarExpr Ipv4
    {
        get
        {
            var octet = IntegerRangeGrammar.NonNegative(0, 255);
            return Expr.Seq(octet, Expr.Text("."), octet, Expr.Text("."), octet, Expr.Text("."), octet);
        }
    }

    private static GrammarExpr Ipv6
    {
        get
        {
            // RFC 3986 IPv6address: n groups before "::" (0..7-k) and k after.
            var h16 = Expr.Repeat(Hex, 1, 4);
            var h16Colon = Expr.Seq(h16, Expr.Text(":"));
            var ls32 = Expr.Or(Expr.Seq(h16, Expr.Text(":"), h16), Ipv4);
            GrammarExpr Before(int most) => most < 0 ? Expr.Nothing : Expr.Opt(Expr.Seq(Expr.Repeat(h16Colon, 0, most), h16));
            var forms = new List<GrammarExpr> { Expr.Seq(Expr.Repeat(h16Colon, 6, 6), ls32) };
            for (int after = 5; after >= 0; after--)
                forms.Add(Expr.Seq(after == 5 ? Expr.Empty : Before(4 - after), Expr.Text("::"), Expr.Repeat(h16Colon, after, after), ls32));
            forms.Add(Expr.Seq(Before(5), Expr.Text("::"), h16));
            forms.Add(Expr.Seq(Before(6), Expr.Text("::")));
            return Expr.Or(forms);
        }
    }

    /// <summary>An LDH label of 1..<paramref name="max"/> characters, no "--" in positions 3-4 (reserved for A-labels).</summary>
    private static GrammarExpr Label(int max) => Expr.Or(
        AlphaNum,
        Expr.Seq(AlphaNum, AlphaNum),
        Expr.Seq(AlphaNum, LetterDigitHyphen, AlphaNum),
        Expr.Seq(AlphaNum, LetterDigitHyphen, LetterDigitHyphen, AlphaNum),
        Expr.Seq(AlphaNum, LetterDigitHyphen, Expr.Or(Expr.Seq(AlphaNum, LetterDigitHyphen), Expr.Seq(Expr.Text("-"), AlphaNum)),
            Expr.Repeat(LetterDigitHyphen, 0, max - 5), AlphaNum));

    /// <summary>First label up to 63 characters, then up to 7 more of up to 26: always within the 253-character limit.</summary>
    private static GrammarExpr Hostname => Expr.Seq(Label(63), Expr.Repeat(Expr.Seq(Expr.Text("."), Label(26)), 0, 7));

    /// <summary>
    /// RFC 5321 Mailbox, the format's definition, without quoted local parts: Dot-string "@" (Domain /
    /// address-literal). Its ABNF bounds no length (the 64- and 255-octet limits are SMTP buffer sizes), so neither
    /// does this: counted atoms made a 3,000-state automaton of every email field.
    /// </summary>
    private static GrammarExpr Email
    {
        get
        {
            var atom = Expr.Repeat(Expr.Or(AlphaNum, Expr.Chars("!#$%&'*+-/=?^_`{|}~")), 1, null);
            var local = Expr.Seq(atom, Expr.Repeat(Expr.Seq(Expr.Text("."), atom), 0, null));
            var subDomain = Expr.Seq(AlphaNum, Expr.Opt(Expr.Seq(Expr.Repeat(LetterDigitHyphen, 0, null), AlphaNum)));
            var domain = Expr.Seq(subDomain, Expr.Repeat(Expr.Seq(Expr.Text("."), subDomain), 0, null));
            var addressLiteral = Expr.Seq(Expr.Text("["), Expr.Or(Ipv4, Expr.Seq(Expr.Text("IPv6:"), Ipv6)), Expr.Text("]"));
            return Expr.Seq(local, Expr.Text("@"), Expr.Or(domain, addressLiteral));
        }
    }

    private static readonly GrammarExpr Unreserved = Expr.Or(AlphaNum, Expr.Chars("-._~"));
    private static readonly GrammarExpr PctEncoded = Expr.Seq(Expr.Text("%"), Hex, Hex);
    private static readonly GrammarExpr SubDelims = Expr.Chars("!$&'()*+,;=");
    private static readonly GrammarExpr PathChar = Expr.Or(Unreserved, PctEncoded, SubDelims, Expr.Chars(":@"));
    private static readonly GrammarExpr SlashSegments = Expr.Repeat(Expr.Seq(Expr.Text("/"), Expr.Repeat(PathChar, 0, null)), 0, null);
    private static readonly GrammarExpr QueryChars = Expr.Repeat(Expr.Or(PathChar, Expr.Chars("/?")), 0, null);

    private static GrammarExpr Authority
    {
        get
        {
            var userinfo = Expr.Repeat(Expr.Or(Unreserved, PctEncoded, SubDelims, Expr.Text(":")), 0, null);
            var regName = Expr.Repeat(Expr.Or(Unreserved, PctEncoded, SubDelims), 0, null);
            var host = Expr.Or(Expr.Seq(Expr.Text("["), Ipv6, Expr.Text("]")), regName);
            return Expr.Seq(Expr.Opt(Expr.Seq(userinfo, Expr.Text("@"))), host, Expr.Opt(Expr.Seq(Expr.Text(":"), Expr.Repeat(Expr.Digit, 0, null))));
        }
    }

    private static GrammarExpr QueryAndFragment =>
        Expr.Seq(Expr.Opt(Expr.Seq(Expr.Text("?"), QueryChars)), Expr.Opt(Expr.Seq(Expr.Text("#"), QueryChars)));

    /// <summary>RFC 3986 URI: scheme ":" hier-part ["?" query] ["#" fragment].</summary>
    private static GrammarExpr Uri
    {
        get
        {
            var segmentNz = Expr.Repeat(PathChar, 1, null);
            var hierPart = Expr.Or(
                Expr.Seq(Expr.Text("//"), Authority, SlashSegments),
                Expr.Seq(Expr.Text("/"), Expr.Opt(Expr.Seq(segmentNz, SlashSegments))),
                Expr.Seq(segmentNz, SlashSegments),
                Expr.Empty);
            var scheme = Expr.Seq(Alpha, Expr.Repeat(Expr.Or(AlphaNum, Expr.Chars("+-.")), 0, null));
            return Expr.Seq(scheme, Expr.Text(":"), hierPart, QueryAndFragment);
        }
    }

    /// <summary>RFC 3986 relative-ref (the first segment of a relative path has no colon).</summary>
    private static GrammarExpr RelativeReference
    {
        get
        {
            var segmentNz = Expr.Repeat(PathChar, 1, null);
            var segmentNoColon = Expr.Repeat(Expr.Or(Unreserved, PctEncoded, SubDelims, Expr.Text("@")), 1, null);
            var relativePart = Expr.Or(
                Expr.Seq(Expr.Text("//"), Authority, SlashSegments),
                Expr.Seq(Expr.Text("/"), Expr.Opt(Expr.Seq(segmentNz, SlashSegments))),
                Expr.Seq(segmentNoColon, SlashSegments),
                Expr.Empty);
            return Expr.Seq(relativePart, QueryAndFragment);
        }
    }

    /// <summary>RFC 6901: ("/" (any character but / and ~, or ~0, ~1))*, in canonical JSON string spelling.</summary>
    private static GrammarExpr JsonPointer
    {
        get
        {
            var plain = JsonStringGrammar.Char(JsonStringGrammar.Subtract(JsonStringGrammar.AllScalars, [new('/', '/'), new('~', '~')]));
            var token = Expr.Repeat(Expr.Or(plain, Expr.Text("~0"), Expr.Text("~1")), 0, null);
            return Expr.Repeat(Expr.Seq(Expr.Text("/"), token), 0, null);
        }
    }
}
