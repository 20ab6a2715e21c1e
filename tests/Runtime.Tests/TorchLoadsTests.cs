using TorchSharp;

namespace LlmLang.Runtime.Tests;

/// <summary>The native libtorch loads from the build output (the GLIBCXX_3.4.32 fix in the build is what makes this work on Debian 12).</summary>
public class TorchLoadsTests
{
    [Fact]
    public void NativeLibraryLoadsAndComputes()
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.arange(1, 5, dtype: torch.float32);
        Assert.Equal(10f, t.sum().item<float>());
    }
}
