using TorchSharp;

namespace LlmLang.Runtime.Tests;

/// <summary>Tests use one torch thread: two threads collapse when anything else runs on this machine.</summary>
internal static class TorchSetup
{
    [System.Runtime.CompilerServices.ModuleInitializer]
    internal static void OneThread() => torch.set_num_threads(1);
}
