using System.Text.Json;
using LlmLang.Runtime.Chat.Jinja;

namespace LlmLang.Runtime.Tests.Chat;

/// <summary>
/// Jinja semantics against Python's Jinja2. Each expected output was produced by Jinja2 3.1.6 set up as Hugging Face
/// transformers sets it up for chat templates: <c>ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True,
/// extensions=[loopcontrols])</c>, with its <c>tojson</c> (<c>json.dumps(x, ensure_ascii=False, indent=indent)</c>).
/// </summary>
public sealed class JinjaSemanticsTests
{
    [Theory]
    [InlineData("{{ 'a' ~ 1 ~ none ~ true }}", "{}", "a1NoneTrue")]
    [InlineData("{{ 7 // 2 }} {{ -7 // 2 }} {{ 7 % 3 }} {{ -7 % 3 }} {{ 7 / 2 }} {{ 2 ** 10 }} {{ 1.5 + 1 }} {{ 10 / 5 }}", "{}", "3 -4 1 2 3.5 1024 2.5 2.0")]
    [InlineData("{{ [1, 'a', none, true, 2.5] }} {{ {'k': 'v', 'n': [1]} }}", "{}", "[1, 'a', None, True, 2.5] {'k': 'v', 'n': [1]}")]
    [InlineData("{{ xs[::-1] }} {{ xs[1:] }} {{ xs[:-1] }} {{ xs[-1] }} {{ 'hello'[1:3] }} {{ xs[5] }}|", "{\"xs\": [1, 2, 3, 4]}", "[4, 3, 2, 1] [2, 3, 4] [1, 2, 3] 4 el |")]
    [InlineData("{% for x in xs %}{{ loop.index }}{{ loop.index0 }}{{ loop.first }}{{ loop.last }}{{ loop.length }}{{ loop.revindex }};{% endfor %}", "{\"xs\": [\"a\", \"b\", \"c\"]}", "10TrueFalse33;21FalseFalse32;32FalseTrue31;")]
    [InlineData("{% for x in xs if x != 'b' %}{{ x }}{{ loop.index }}{% else %}none{% endfor %}|{% for x in [] %}{{ x }}{% else %}empty{% endfor %}", "{\"xs\": [\"a\", \"b\", \"c\"]}", "a1c2|empty")]
    [InlineData("{% for k, v in d.items() %}{{ k }}={{ v }},{% endfor %}{% for k in d %}{{ k }}{% endfor %}", "{\"d\": {\"b\": 1, \"a\": 2}}", "b=1,a=2,ba")]
    [InlineData("{% set x = 1 %}{% for i in [1,2] %}{% set x = x + i %}{{ x }}{% endfor %}{{ x }}", "{}", "231")]
    [InlineData("{% set ns = namespace(total=0) %}{% for i in [1,2,3] %}{% set ns.total = ns.total + i %}{% endfor %}{{ ns.total }}", "{}", "6")]
    [InlineData("{% for i in range(5) %}{% if i == 1 %}{% continue %}{% endif %}{% if i == 3 %}{% break %}{% endif %}{{ i }}{% endfor %}", "{}", "02")]
    [InlineData("{{ '  x  ' | trim }}|{{ 'abc' | upper }}|{{ 'ABC' | lower }}|{{ 'hello world' | title }}|{{ 'hELLO' | capitalize }}|{{ [3,1,2] | length }}|{{ 'abc' | length }}", "{}", "x|ABC|abc|Hello World|Hello|3|3")]
    [InlineData("{{ x | default('d') }}|{{ '' | default('d', true) }}|{{ none | default('d') }}|{{ [1,2,3] | join('-') }}|{{ [1,2,3] | first }}{{ [1,2,3] | last }}|{{ [3,1,2] | sort }}|{{ [1,1,2] | unique | list }}", "{}", "d|d|None|1-2-3|13|[1, 2, 3]|[1, 2]")]
    [InlineData("{{ d | tojson }}|{{ d | tojson(indent=2) }}|{{ 'a\"b\\n' | tojson }}|{{ [1, 2.5, none, true] | tojson }}|{{ 'é' | tojson }}", "{\"d\": {\"b\": [1, {\"c\": \"x\"}], \"a\": null}}", "{\"b\": [1, {\"c\": \"x\"}], \"a\": null}|{\n  \"b\": [\n    1,\n    {\n      \"c\": \"x\"\n    }\n  ],\n  \"a\": null\n}|\"a\\\"b\\n\"|[1, 2.5, null, true]|\"é\"")]
    [InlineData("{{ 'a,b,,c'.split(',') }}|{{ ' a  b '.split() }}|{{ 'a b c'.split(' ', 1) }}|{{ 'a.b.c'.rsplit('.', 1) }}|{{ 'xxhixx'.strip('x') }}|{{ '\\n\\nhi\\n'.lstrip('\\n') }}|{{ 'hi  '.rstrip() }}", "{}", "['a', 'b', '', 'c']|['a', 'b']|['a', 'b c']|['a.b', 'c']|hi|hi\n|hi")]
    [InlineData("{{ 'hello'.startswith('he') }}{{ 'hello'.endswith(('x', 'lo')) }}{{ 'hello'.replace('l', 'L') }}{{ 'hello'.find('l') }}{{ 'hello'.count('l') }}{{ '-'.join(['a','b']) }}", "{}", "TrueTrueheLLo22a-b")]
    [InlineData("{{ 'ell' in 'hello' }}{{ 2 in [1,2] }}{{ 'k' in {'k': 1} }}{{ 'z' not in 'hello' }}{{ 1 < 2 < 3 }}{{ 3 > 2 > 2 }}", "{}", "TrueTrueTrueTrueTrueFalse")]
    [InlineData("{{ x is defined }}{{ y is defined }}{{ x is none }}{{ 'a' is string }}{{ 1 is number }}{{ 1 is integer }}{{ 1.0 is float }}{{ [] is iterable }}{{ {} is mapping }}{{ 4 is divisibleby 2 }}{{ 3 is odd }}{{ x is not none }}", "{\"x\": null}", "TrueFalseTrueTrueTrueTrueTrueTrueTrueTrueTrueFalse")]
    [InlineData("{{ 'yes' if x else 'no' }}|{{ 'yes' if y }}|{{ x and 'a' or 'b' }}|{{ not x }}|{{ (1, 2) }}", "{\"x\": 0}", "no||b|True|(1, 2)")]
    [InlineData("{% macro greet(name, punct='!') %}Hi {{ name }}{{ punct }}{% endmacro %}{{ greet('A') }} {{ greet('B', '?') }} {{ greet(name='C', punct='.') }}", "{}", "Hi A! Hi B? Hi C.")]
    [InlineData("{% set block %}inner {{ 1 + 1 }}{% endset %}[{{ block }}]{% filter upper %}shout {{ 'x' }}{% endfilter %}", "{}", "[inner 2]SHOUT X")]
    [InlineData("a\n  {% if true %}\n    b\n  {% endif %}\nc\n", "{}", "a\n    b\nc")]
    [InlineData("a  {%- if true -%}  b  {%- endif -%}  c {{- ' d ' -}} e {# comment #}\n{#- c2 -#}  f\n", "{}", "abc d e f")]
    [InlineData("{% raw %}{{ not rendered }}{% endraw %}|{{ '{{' }}", "{}", "{{ not rendered }}|{{")]
    [InlineData("{{ msgs | selectattr('role', 'equalto', 'user') | map(attribute='content') | join(',') }}|{{ msgs | map(attribute='role') | list }}|{{ msgs | rejectattr('role', 'eq', 'user') | list | length }}", "{\"msgs\": [{\"role\": \"user\", \"content\": \"a\"}, {\"role\": \"assistant\", \"content\": \"b\"}, {\"role\": \"user\", \"content\": \"c\"}]}", "a,c|['user', 'assistant', 'user']|1")]
    [InlineData("{{ d.get('a') }}{{ d.get('z', 'dflt') }}{{ d.keys() | list }}{{ d.values() | list }}{{ d['a'] }}{{ d.a }}{{ d.z }}|", "{\"d\": {\"a\": 1, \"b\": 2}}", "1dflt['a', 'b'][1, 2]11|")]
    [InlineData("{{ 'line1\\nline2' | indent(2) }}|{{ 'a b  c' | wordcount }}|{{ 3.7 | int }}{{ '42' | int }}{{ 'x' | int }}{{ '2.5' | float }}{{ -3 | abs }}{{ 2.567 | round(2) }}{{ 2.5 | round }}", "{}", "line1\n  line2|3|34202.532.572.0")]
    [InlineData("{{ [1,2,3] | sum }}{{ [4,2,8] | min }}{{ [4,2,8] | max }}{{ [1,2] + [3] }}{{ 'ab' * 3 }}{{ [0] * 2 }}{{ {'b': 1, 'a': 2} | dictsort }}", "{}", "628[1, 2, 3]ababab[0, 0][('a', 2), ('b', 1)]")]
    [InlineData("{{ 1e16 }} {{ 0.1 }} {{ 1e-5 }} {{ 123456789.125 }} {{ 100.0 }} {{ 2.0 * 3 }} {{ -0.5 }}", "{}", "1e+16 0.1 1e-05 123456789.125 100.0 6.0 -0.5")]
    [InlineData("{% for a in [1,2] %}{% for b in [3,4] %}{{ loop.index }}{{ a }}{{ b }} {% endfor %}{{ loop.index }}|{% endfor %}", "{}", "113 214 1|123 224 2|")]
    [InlineData("{{ loop_messages }}{% set loop_messages = [1] %}{{ loop_messages }}{% if true %}{% set y = 5 %}{% endif %}{{ y }}", "{}", "[1]5")]
    [InlineData("{% for m in ms %}{% if loop.first %}{% set x = 'first' %}{% endif %}[{{ x }}]{% endfor %}", "{\"ms\": [1, 2]}", "[first][]")]
    [InlineData("{{ 'He said \"hi\"' }} {{ [\"it's\"] }} {{ ['a\\nb'] }}", "{}", "He said \"hi\" [\"it's\"] ['a\\nb']")]
    [InlineData("{% for x in 'ab' %}{{ x }}{{ loop.previtem is defined }}{{ loop.nextitem }}{{ loop.cycle('x', 'y') }};{% endfor %}", "{}", "aFalsebx;bTruey;")]
    [InlineData("{{ range(3) | list }}{{ range(1, 10, 3) | list }}{{ range(5, 0, -2) | list }}", "{}", "[0, 1, 2][1, 4, 7][5, 3, 1]")]
    [InlineData("{{ 'x' if 'a' == 'a' else 'y' }}{{ 1 == 1.0 }}{{ true == 1 }}{{ none == none }}{{ [1, 'a'] == [1, 'a'] }}", "{}", "xTrueTrueTrueTrue")]
    [InlineData("{{+ 1 }}|{{ 2 -}}  x  {%+ if true +%}\n y{% endif %}\n  {#+ c +#}\nz", "{}", "1|2x  \n y  \nz")]
    [InlineData("{{ true is number }}{{ true is integer }}{{ -3 | round }}{{ false | abs }}{{ 'aXbc' | max }}{{ ['b', 'A'] | min }}{{ {} | wordcount }}{{ 'a-b c' | wordcount }}{{ 2.5 | round(0, 'ceil') }}", "{}", "TrueFalse-30XA033.0")]
    [InlineData("{{ [none, 1][0] is none }}{{ [none][-1] }}{{ [1][3] is defined }}", "{}", "TrueNoneFalse")]
    public void RendersAsPythonJinja2(string template, string variablesJson, string expected)
    {
        using JsonDocument variables = JsonDocument.Parse(variablesJson);
        var values = variables.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
        Assert.Equal(expected, JinjaTemplate.Parse(template).Render(values));
    }

    [Fact]
    public void ParsedTemplateRendersManyTimesWithDifferentData()
    {
        JinjaTemplate template = JinjaTemplate.Parse("{% for m in messages %}{{ m.role }}:{{ m.content }};{% endfor %}");
        Assert.Equal("user:a;", template.Render(new Dictionary<string, object?> { ["messages"] = new[] { new Dictionary<string, object?> { ["role"] = "user", ["content"] = "a" } } }));
        Assert.Equal("", template.Render(new Dictionary<string, object?> { ["messages"] = Array.Empty<object>() }));
    }

    [Fact]
    public void StrftimeNowUsesTheGivenClock()
    {
        string text = JinjaTemplate.Parse("{{ strftime_now('%d %b %Y') }}|{{ strftime_now('%Y-%m-%d %H:%M') }}")
            .Render(new Dictionary<string, object?>(), () => new DateTime(2024, 7, 5, 13, 4, 0));
        Assert.Equal("05 Jul 2024|2024-07-05 13:04", text);
    }
}
