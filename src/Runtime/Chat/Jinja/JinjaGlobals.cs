using System.Globalization;
using System.Text;

namespace LlmLang.Runtime.Chat.Jinja;

/// <summary>The global functions Hugging Face gives chat templates: <c>raise_exception</c>, <c>strftime_now</c>,
/// and Jinja's <c>range</c>, <c>namespace</c>, <c>dict</c>.</summary>
internal static class JinjaGlobals
{
    /// <summary>Most items <c>range()</c> may produce, so that a template cannot loop for ever.</summary>
    private const long MaxRange = 1_000_000;

    public static void AddTo(JinjaScope scope, Func<DateTime> now)
    {
        scope.Set("raise_exception", new JinjaCallable("raise_exception", a =>
            throw new JinjaError(JinjaValues.Str(a.Get(0, "message", "")), raisedByTemplate: true)));
        scope.Set("range", new JinjaCallable("range", Range));
        scope.Set("namespace", new JinjaCallable("namespace", Namespace));
        scope.Set("dict", new JinjaCallable("dict", a =>
        {
            var dict = new JinjaDict();
            foreach (KeyValuePair<string, object?> pair in a.Named) dict[pair.Key] = pair.Value;
            return dict;
        }));
        scope.Set("strftime_now", new JinjaCallable("strftime_now", a => Strftime(now(), JinjaText.RequireString(a.Get(0, "format"), "strftime_now"))));
    }

    private static object? Range(JinjaArguments a)
    {
        long[] n = a.Positional.Select(v => v as long? ?? throw new JinjaError($"range() expects integers, got {JinjaValues.TypeName(v)}")).ToArray();
        (long start, long stop, long step) = n.Length switch
        {
            1 => (0, n[0], 1),
            2 => (n[0], n[1], 1),
            3 => (n[0], n[1], n[2]),
            _ => throw new JinjaError("range() takes 1 to 3 integer arguments"),
        };
        if (step == 0) throw new JinjaError("range() step must not be zero");
        long count = step > 0 ? Math.Max(0, (stop - start + step - 1) / step) : Math.Max(0, (start - stop - step - 1) / -step);
        if (count > MaxRange) throw new JinjaError($"range() of {count} items is more than the {MaxRange} allowed");
        var items = new List<object?>((int)count);
        for (long i = 0; i < count; i++) items.Add(start + i * step);
        return items;
    }

    private static object? Namespace(JinjaArguments a)
    {
        var ns = new JinjaNamespace();
        foreach (object? initial in a.Positional)
        {
            if (initial is not JinjaDict dict) throw new JinjaError($"namespace() takes a dict positionally, not {JinjaValues.TypeName(initial)}");
            foreach (KeyValuePair<string, object?> pair in dict) ns.Attributes[pair.Key] = pair.Value;
        }
        foreach (KeyValuePair<string, object?> pair in a.Named) ns.Attributes[pair.Key] = pair.Value;
        return ns;
    }

    /// <summary>Python's <c>strftime</c> for the directives date-aware templates use (Llama 3.1: <c>"%d %b %Y"</c>).</summary>
    private static string Strftime(DateTime t, string format)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 == format.Length)
            {
                sb.Append(format[i]);
                continue;
            }
            char d = format[++i];
            if (d == '-' && i + 1 < format.Length && format[i + 1] == 'd')
            {
                sb.Append(t.Day.ToString(CultureInfo.InvariantCulture));
                i++;
                continue;
            }
            sb.Append(d switch
            {
                'Y' => t.ToString("yyyy", CultureInfo.InvariantCulture),
                'y' => t.ToString("yy", CultureInfo.InvariantCulture),
                'm' => t.ToString("MM", CultureInfo.InvariantCulture),
                'd' => t.ToString("dd", CultureInfo.InvariantCulture),
                'B' => t.ToString("MMMM", CultureInfo.InvariantCulture),
                'b' => t.ToString("MMM", CultureInfo.InvariantCulture),
                'A' => t.ToString("dddd", CultureInfo.InvariantCulture),
                'a' => t.ToString("ddd", CultureInfo.InvariantCulture),
                'H' => t.ToString("HH", CultureInfo.InvariantCulture),
                'I' => t.ToString("hh", CultureInfo.InvariantCulture),
                'M' => t.ToString("mm", CultureInfo.InvariantCulture),
                'S' => t.ToString("ss", CultureInfo.InvariantCulture),
                'p' => t.Hour < 12 ? "AM" : "PM",
                'j' => t.DayOfYear.ToString("000", CultureInfo.InvariantCulture),
                '%' => "%",
                _ => throw new JinjaError($"strftime_now: unsupported directive '%{d}'"),
            });
        }
        return sb.ToString();
    }
}
