using System.Globalization;
using LlmLang.Runtime.Models;
using static TorchSharp.torch;

namespace LlmLang.Runtime.Tests.Models;

/// <summary>Weights ask Linux for transparent huge pages; /proc/self/smaps shows whether their memory got them.</summary>
public class HugePagesTests
{
    [SkippableFact]
    public void LargeTensorsAreBackedByHugePages()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "transparent huge pages are a Linux feature");
        string mode = File.ReadAllText("/sys/kernel/mm/transparent_hugepage/enabled");
        Skip.If(mode.Contains("[never]"), "transparent huge pages are disabled on this machine");
        Skip.If(Environment.OSVersion.Version < new Version(6, 1), "collapsing memory already in place (MADV_COLLAPSE) needs Linux 6.1");

        using var weights = zeros(16L << 20, float32); // 64 MiB
        long address;
        unsafe
        {
            fixed (byte* data = weights.bytes) address = (long)data;
        }
        HugePages.Request(weights);

        Assert.True(AnonHugePagesKb(address) >= 32 << 10, "at least half of a 64 MiB tensor should sit on huge pages");
    }

    /// <summary>The AnonHugePages figure of the mapping that holds <paramref name="address"/>.</summary>
    private static long AnonHugePagesKb(long address)
    {
        long total = 0;
        bool inside = false;
        foreach (string line in File.ReadLines("/proc/self/smaps"))
        {
            int dash = line.IndexOf('-');
            if (dash > 0 && line.IndexOf(' ') > dash && long.TryParse(line.AsSpan(0, dash), NumberStyles.HexNumber, null, out long from))
            {
                long to = long.Parse(line.AsSpan(dash + 1, line.IndexOf(' ') - dash - 1), NumberStyles.HexNumber);
                inside = address < to && address + (64L << 20) > from;
            }
            else if (inside && line.StartsWith("AnonHugePages:", StringComparison.Ordinal))
                total += long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        }
        return total;
    }
}
