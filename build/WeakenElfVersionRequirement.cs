using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Marks one version requirement (e.g. GLIBCXX_3.4.32) of ELF64 little-endian shared libraries as weak
/// (VER_FLG_WEAK in .gnu.version_r), but only when the system's libstdc++ does not define that version.
/// </summary>
public sealed class WeakenElfVersionRequirement : Task
{
    [Required] public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();
    [Required] public string Version { get; set; } = "";

    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 2;

    private static readonly string[] LibStdCxxCandidates =
    {
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6", "/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
        "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
    };

    public override bool Execute()
    {
        if (SystemHasVersion())
        {
            Log.LogMessage(MessageImportance.Low, $"System libstdc++ defines {Version}; nothing to weaken.");
            return true;
        }
        foreach (var item in Files)
        {
            try
            {
                string path = item.ItemSpec;
                byte[] elf = File.ReadAllBytes(path);
                int changed = Weaken(elf, Encoding.ASCII.GetBytes(Version));
                if (changed > 0)
                {
                    File.WriteAllBytes(path, elf);
                    Log.LogMessage(MessageImportance.Normal, $"{path}: marked {Version} weak.");
                }
            }
            catch (Exception e)
            {
                Log.LogError($"{item.ItemSpec}: cannot weaken {Version}: {e.Message}");
            }
        }
        return !Log.HasLoggedErrors;
    }

    private bool SystemHasVersion()
    {
        byte[] needle = Encoding.ASCII.GetBytes(Version + "\0");
        foreach (string candidate in LibStdCxxCandidates)
        {
            if (!File.Exists(candidate)) continue;
            return Contains(File.ReadAllBytes(candidate), needle);
        }
        return false;
    }

    /// <summary>Sets the weak flag on every matching vernaux entry; returns how many were changed.</summary>
    private static int Weaken(byte[] b, byte[] want)
    {
        if (b.Length < 64 || b[0] != 0x7f || b[1] != (byte)'E' || b[2] != (byte)'L' || b[3] != (byte)'F' || b[4] != 2 || b[5] != 1)
            throw new InvalidDataException("not an ELF64 little-endian file");
        long shoff = (long)BitConverter.ToUInt64(b, 0x28);
        int shentsize = BitConverter.ToUInt16(b, 0x3A), shnum = BitConverter.ToUInt16(b, 0x3C);
        int changed = 0;
        for (int i = 0; i < shnum; i++)
        {
            long sh = shoff + (long)i * shentsize;
            if (BitConverter.ToUInt32(b, (int)sh + 4) != ShtGnuVerneed) continue;
            long off = (long)BitConverter.ToUInt64(b, (int)sh + 0x18);
            uint link = BitConverter.ToUInt32(b, (int)sh + 0x28);
            uint count = BitConverter.ToUInt32(b, (int)sh + 0x2C);
            long strtab = (long)BitConverter.ToUInt64(b, (int)(shoff + link * shentsize) + 0x18);
            for (uint n = 0; n < count; n++)
            {
                int vnCnt = BitConverter.ToUInt16(b, (int)off + 2);
                uint vnAux = BitConverter.ToUInt32(b, (int)off + 8), vnNext = BitConverter.ToUInt32(b, (int)off + 12);
                long a = off + vnAux;
                for (int k = 0; k < vnCnt; k++)
                {
                    uint name = BitConverter.ToUInt32(b, (int)a + 8), next = BitConverter.ToUInt32(b, (int)a + 12);
                    if (NameEquals(b, strtab + name, want, terminated: true))
                    {
                        ushort flags = BitConverter.ToUInt16(b, (int)a + 4);
                        if ((flags & VerFlgWeak) == 0)
                        {
                            BitConverter.GetBytes((ushort)(flags | VerFlgWeak)).CopyTo(b, (int)a + 4);
                            changed++;
                        }
                    }
                    if (next == 0) break;
                    a += next;
                }
                if (vnNext == 0) break;
                off += vnNext;
            }
        }
        return changed;
    }

    private static bool Contains(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
            if (haystack[i] == needle[0] && NameEquals(haystack, i, needle, terminated: false)) return true;
        return false;
    }

    private static bool NameEquals(byte[] b, long at, byte[] want, bool terminated)
    {
        if (at + want.Length + (terminated ? 1 : 0) > b.Length) return false;
        for (int i = 0; i < want.Length; i++) if (b[at + i] != want[i]) return false;
        return !terminated || b[at + want.Length] == 0;
    }
}
