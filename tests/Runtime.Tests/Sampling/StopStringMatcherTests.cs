using LlmLang.Runtime.Sampling;

namespace LlmLang.Runtime.Tests.Sampling;

public class StopStringMatcherTests
{
    [Fact]
    public void StopSpanningDeltasCutsTheTextAndNeverShowsPartOfTheStop()
    {
        var m = new StopStringMatcher(["\n\nUser:"]);
        var shown = new List<string> { m.Append("Hello"), m.Append(" world\n"), m.Append("\nUs"), m.Append("er: more") };
        Assert.True(m.Stopped);
        Assert.Equal("Hello world", m.Text);
        Assert.Equal("Hello world", string.Concat(shown));
        Assert.DoesNotContain(shown, s => s.Contains('\n'));
    }

    [Fact]
    public void HeldBackTextIsReleasedWhenItTurnsOutNotToBeAStop()
    {
        var m = new StopStringMatcher(["END"]);
        Assert.Equal("a", m.Append("aE"));
        Assert.Equal("", m.Append("N"));      // "EN" may still become "END"
        Assert.Equal("ENx", m.Append("x"));
        Assert.False(m.Stopped);
        Assert.Equal("y", m.Append("y") + m.Flush());
    }

    [Fact]
    public void EarliestOfSeveralStopsWins()
    {
        var m = new StopStringMatcher(["bb", "ab"]);
        m.Append("xxab bb");
        Assert.Equal("xx", m.Text);
    }
}
