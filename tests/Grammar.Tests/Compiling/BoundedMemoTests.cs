using LlmLang.Grammar.Compilation;
using Xunit;

namespace LlmLang.Grammar.Tests.Compiling;

/// <summary>The process-wide memo of compile steps: each kept key is computed once, no more keys than its capacity
/// are kept, and a step that throws keeps nothing.</summary>
public sealed class BoundedMemoTests
{
    [Fact]
    public void KeepsUpToItsCapacityAndRecomputesTheRest()
    {
        var calls = new Dictionary<int, int>();
        var memo = new BoundedMemo<int, string>(key =>
        {
            calls[key] = calls.GetValueOrDefault(key) + 1;
            return $"v{key}";
        }, capacity: 2);

        foreach (int key in new[] { 1, 2, 3, 1, 2, 3 }) Assert.Equal($"v{key}", memo.Get(key));

        Assert.Equal(1, calls[1]);
        Assert.Equal(1, calls[2]);
        Assert.Equal(2, calls[3]);
    }

    [Fact]
    public void AFailingStepKeepsNothing()
    {
        int calls = 0;
        var memo = new BoundedMemo<string, int>(_ => ++calls == 1 ? throw new InvalidOperationException("first try") : calls, capacity: 4);

        Assert.Throws<InvalidOperationException>(() => memo.Get("x"));
        Assert.Equal(2, memo.Get("x"));
        Assert.Equal(2, memo.Get("x"));
    }
}
