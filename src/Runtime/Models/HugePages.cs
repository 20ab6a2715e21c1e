using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace LlmLang.Runtime.Models;

/// <summary>
/// Backs large host tensors (the weights) with 2 MiB transparent huge pages on Linux. Decode streams every weight once
/// per step; with 4 KiB pages that walk misses the TLB every page, and stories110M decodes ≈ 8% slower. Linux's default
/// THP mode (<c>madvise</c>) only gives huge pages to memory that asks, so the weights ask once they are in place
/// (<c>MADV_COLLAPSE</c>, Linux 6.1+, rebuilds them synchronously). A hint: where it is refused nothing changes.
/// </summary>
internal static partial class HugePages
{
    private const int MadvHugePage = 14, MadvCollapse = 25;
    private const long HugePageSize = 2 << 20;

    /// <summary>Asks for huge pages under every whole 2 MiB page of <paramref name="tensor"/>'s storage.</summary>
    public static void Request(Tensor tensor)
    {
        if (!OperatingSystem.IsLinux() || tensor.device_type != TorchSharp.DeviceType.CPU || !tensor.is_contiguous()) return;
        long start = (long)TensorData(tensor.Handle), end = start + tensor.NumberOfElements * tensor.ElementSize;
        long first = (start + HugePageSize - 1) & ~(HugePageSize - 1), last = end & ~(HugePageSize - 1);
        if (last <= first) return;
        if (Advise((nint)first, (nuint)(last - first), MadvHugePage) == 0)
            Advise((nint)first, (nuint)(last - first), MadvCollapse);
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Advise(nint address, nuint length, int advice);

    [LibraryImport("LibTorchSharp", EntryPoint = "THSTensor_data")]
    private static partial nint TensorData(nint tensor);
}
