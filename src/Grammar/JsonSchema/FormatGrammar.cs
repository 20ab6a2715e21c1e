using LlmLang.Grammar.Ir;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>
/// String contents (without quotes) for the supported <c>format</c> values, written directly in the IR. Each accepts a
/// subset of what its RFC allows and nothing more (e.g. no leap seconds, hostnames of at most 8 labels; idn-hostname
/// and the domain of idn-email take ASCII labels only), so never a false accept. Characters are spelled canonically
/// inside the JSON string: ASCII ones the formats allow need no escape, others are raw UTF-8.
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
        "idn-email" => (InternationalEmail, 3, int.MaxValue),
        "idn-hostname" => (Hostname, 1, 253),
        "uri" => (Uri(iri: false), 2, int.MaxValue),
        "uri-reference" => (Expr.Or(Uri(iri: false), RelativeReference(iri: false)), 0, int.MaxValue),
        "iri" => (Uri(iri: true), 2, int.MaxValue),
        "iri-reference" => (Expr.Or(Uri(iri: true), RelativeReference(iri: true)), 0, int.MaxValue),
        "uri-template" => (UriTemplate, 0, int.MaxValue),
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
    private static GrammarExpr Email => Mailbox(AText);

    /// <summary>RFC 6531: atext also takes any non-ASCII character; the domain stays ASCII (no U-labels).</summary>
    private static GrammarExpr InternationalEmail => Mailbox(Expr.Or(AText, new CharClassExpr([new(0x80, 0xD7FF), new(0xE000, 0x10FFFF)])));

    // RFC 5322 atext.
    private static readonly GrammarExpr AText = Expr.Or(AlphaNum, Expr.Chars("!#$%&'*+-/=?^_`{|}~"));

    private static GrammarExpr Mailbox(GrammarExpr atomChar)
    {
        var atom = Expr.Repeat(atomChar, 1, null);
        var local = Expr.Seq(atom, Expr.Repeat(Expr.Seq(Expr.Text("."), atom), 0, null));
        var subDomain = Expr.Seq(AlphaNum, Expr.Opt(Expr.Seq(Expr.Repeat(LetterDigitHyphen, 0, null), AlphaNum)));
        var domain = Expr.Seq(subDomain, Expr.Repeat(Expr.Seq(Expr.Text("."), subDomain), 0, null));
        var addressLiteral = Expr.Seq(Expr.Text("["), Expr.Or(Ipv4, Expr.Seq(Expr.Text("IPv6:"), Ipv6)), Expr.Text("]"));
        return Expr.Seq(local, Expr.Text("@"), Expr.Or(domain, addressLiteral));
    }

    private static readonly GrammarExpr PctEncoded = Expr.Seq(Expr.Text("%"), Hex, Hex);
    private static readonly GrammarExpr SubDelims = Expr.Chars("!$&'()*+,;=");

    /// <summary>RFC 3987 ucschar: the non-ASCII characters an IRI may hold anywhere.</summary>
    private static readonly GrammarExpr UcsChar = new CharClassExpr(
    [
        new(0xA0, 0xD7FF), new(0xF900, 0xFDCF), new(0xFDF0, 0xFFEF),
        .. Enumerable.Range(1, 13).Select(plane => new CodeRange(plane * 0x10000, plane * 0x10000 + 0xFFFD)),
        new(0xE1000, 0xEFFFD),
    ]);

    /// <summary>RFC 3987 iprivate: private-use characters, allowed in an IRI's query only.</summary>
    private static readonly GrammarExpr PrivateUse = new CharClassExpr([new(0xE000, 0xF8FF), new(0xF0000, 0xFFFFD), new(0x100000, 0x10FFFD)]);

    // unreserved (RFC 3986), or iunreserved with ucschar (RFC 3987).
    private static GrammarExpr Unreserved(bool iri) => iri ? Expr.Or(AsciiUnreserved, UcsChar) : AsciiUnreserved;

    private static readonly GrammarExpr AsciiUnreserved = Expr.Or(AlphaNum, Expr.Chars("-._~"));

    private static GrammarExpr PathChar(bool iri) => Expr.Or(Unreserved(iri), PctEncoded, SubDelims, Expr.Chars(":@"));

    private static GrammarExpr SlashSegments(bool iri) => Expr.Repeat(Expr.Seq(Expr.Text("/"), Expr.Repeat(PathChar(iri), 0, null)), 0, null);

    private static GrammarExpr Authority(bool iri)
    {
        var userinfo = Expr.Repeat(Expr.Or(Unreserved(iri), PctEncoded, SubDelims, Expr.Text(":")), 0, null);
        var regName = Expr.Repeat(Expr.Or(Unreserved(iri), PctEncoded, SubDelims), 0, null);
        var host = Expr.Or(Expr.Seq(Expr.Text("["), Ipv6, Expr.Text("]")), regName);
        return Expr.Seq(Expr.Opt(Expr.Seq(userinfo, Expr.Text("@"))), host, Expr.Opt(Expr.Seq(Expr.Text(":"), Expr.Repeat(Expr.Digit, 0, null))));
    }

    private static GrammarExpr QueryAndFragment(bool iri)
    {
        var fragment = Expr.Repeat(Expr.Or(PathChar(iri), Expr.Chars("/?")), 0, null);
        var query = iri ? Expr.Repeat(Expr.Or(PathChar(iri), Expr.Chars("/?"), PrivateUse), 0, null) : fragment;
        return Expr.Seq(Expr.Opt(Expr.Seq(Expr.Text("?"), query)), Expr.Opt(Expr.Seq(Expr.Text("#"), fragment)));
    }

    /// <summary>RFC 3986 URI (RFC 3987 IRI): scheme ":" hier-part ["?" query] ["#" fragment].</summary>
    private static GrammarExpr Uri(bool iri)
    {
        var segmentNz = Expr.Repeat(PathChar(iri), 1, null);
        var hierPart = Expr.Or(
            Expr.Seq(Expr.Text("//"), Authority(iri), SlashSegments(iri)),
            Expr.Seq(Expr.Text("/"), Expr.Opt(Expr.Seq(segmentNz, SlashSegments(iri)))),
            Expr.Seq(segmentNz, SlashSegments(iri)),
            Expr.Empty);
        var scheme = Expr.Seq(Alpha, Expr.Repeat(Expr.Or(AlphaNum, Expr.Chars("+-.")), 0, null));
        return Expr.Seq(scheme, Expr.Text(":"), hierPart, QueryAndFragment(iri));
    }

    /// <summary>RFC 3986 relative-ref (RFC 3987 irelative-ref); the first segment of a relative path has no colon.</summary>
    private static GrammarExpr RelativeReference(bool iri)
    {
        var segmentNz = Expr.Repeat(PathChar(iri), 1, null);
        var segmentNoColon = Expr.Repeat(Expr.Or(Unreserved(iri), PctEncoded, SubDelims, Expr.Text("@")), 1, null);
        var relativePart = Expr.Or(
            Expr.Seq(Expr.Text("//"), Authority(iri), SlashSegments(iri)),
            Expr.Seq(Expr.Text("/"), Expr.Opt(Expr.Seq(segmentNz, SlashSegments(iri)))),
            Expr.Seq(segmentNoColon, SlashSegments(iri)),
            Expr.Empty);
        return Expr.Seq(relativePart, QueryAndFragment(iri));
    }

    /// <summary>
    /// RFC 6570 URI-Template: literals (no controls, space, <c>" ' % &lt; &gt; \ ^ ` { | }</c> but percent-encodings, and
    /// any ucschar or iprivate) and expressions <c>{op? varspec,…}</c>, a varspec a name of letters, digits, <c>_</c> and
    /// percent-encodings (dots between) with a <c>:1-9999</c> prefix or <c>*</c> explode.
    /// </summary>
    private static GrammarExpr UriTemplate
    {
        get
        {
            var literal = Expr.Or(Expr.Chars("!#$&()*+,-./:;=?@[]_~"), AlphaNum, UcsChar, PrivateUse, PctEncoded);
            var varchar = Expr.Or(AlphaNum, Expr.Text("_"), PctEncoded);
            var varname = Expr.Seq(varchar, Expr.Repeat(Expr.Seq(Expr.Opt(Expr.Text(".")), varchar), 0, null));
            var modifier = Expr.Or(Expr.Seq(Expr.Text(":"), Expr.Range('1', '9'), Expr.Repeat(Expr.Digit, 0, 3)), Expr.Text("*"));
            var varspec = Expr.Seq(varname, Expr.Opt(modifier));
            var expression = Expr.Seq(Expr.Text("{"), Expr.Opt(Expr.Chars("+#./;?&=,!@|")), varspec,
                Expr.Repeat(Expr.Seq(Expr.Text(","), varspec), 0, null), Expr.Text("}"));
            return Expr.Repeat(Expr.Or(literal, expression), 0, null);
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
