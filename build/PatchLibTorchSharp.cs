// The GLIBCXX_3.4.32 fix for TorchSharp 0.107's libLibTorchSharp.so on Debian 12 (docs/platform.md#liblibtorchsharp-on-debian-12).
//
// This one file is compiled twice: by MSBuild's RoslynCodeTaskFactory as the PatchLibTorchSharp build
// task (build/LibTorch.targets), and into ZImageSweep.Engine (with ZSWEEP_ENGINE defined) so that
// `zsweep doctor` reads the patch state with the same ELF code that wrote it.
//
// libLibTorchSharp.so is built with GCC 15. Its only use of GLIBCXX_3.4.32 is a bare reference to
// std::ios_base_library_init(), an anchor GCC 13+ headers emit so that the linker pulls in libstdc++'s
// iostream initialisation. There is no relocation against it, so nothing ever calls it. The fix:
//   1. give that symbol no version (its .gnu.version entry becomes VER_NDX_GLOBAL), and
//   2. mark the GLIBCXX_3.4.32 version-needed entry weak (VER_FLG_WEAK in its Elf64_Vernaux),
// after which the loader accepts the library on a libstdc++ that stops at 3.4.30. Iostreams are still
// initialised: libtorch_cpu.so, a DT_NEEDED dependency initialised first, was built by an older GCC and
// carries its own std::ios_base::Init objects. The optional third step of docs/platform.md#liblibtorchsharp-on-debian-12 (a shim library added
// as DT_NEEDED) is therefore not applied; it would need patchelf and a C++ compiler on every build host.
#nullable enable
using System;
using System.Diagnostics;
using System.IO;
using System.Text;

#if !ZSWEEP_ENGINE
namespace ZImageSweep.Build
{
    /// <summary>Copies libLibTorchSharp.so to Destination and patches it when this system needs it.</summary>
    public sealed class PatchLibTorchSharp : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required] public string Source { get; set; } = "";
        [Microsoft.Build.Framework.Required] public string Destination { get; set; } = "";
        [Microsoft.Build.Framework.Output] public bool Patched { get; set; }

        public override bool Execute()
        {
            string? libstdcxx = LibTorchSharpElf.FindSystemLibStdCxx();
            if (libstdcxx is null || LibTorchSharpElf.LibStdCxxHasRequiredVersion(libstdcxx))
            {
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low,
                    $"libLibTorchSharp.so needs no patch ({libstdcxx ?? "no system libstdc++ found"} provides {LibTorchSharpElf.RequiredVersion}).");
                return true;
            }

            try
            {
                bool upToDate = File.Exists(Destination) && File.GetLastWriteTimeUtc(Destination) >= File.GetLastWriteTimeUtc(Source)
                                && LibTorchSharpElf.IsPatched(File.ReadAllBytes(Destination));
                if (!upToDate)
                {
                    byte[] image = File.ReadAllBytes(Source);
                    LibTorchSharpElf.Patch(image);
                    Directory.CreateDirectory(Path.GetDirectoryName(Destination)!);
                    string temp = Destination + ".tmp";
                    File.WriteAllBytes(temp, image);
                    if (File.Exists(Destination)) File.Delete(Destination);
                    File.Move(temp, Destination);
                    Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High,
                        $"Patched libLibTorchSharp.so for {libstdcxx} (no {LibTorchSharpElf.RequiredVersion}): {Destination}");
                }
                Patched = true;
                return true;
            }
            catch (InvalidDataException e)
            {
                Log.LogError($"Cannot patch {Source}: {e.Message}");
                return false;
            }
        }
    }
}
#endif

namespace ZImageSweep.Build
{
    /// <summary>The minimal ELF64 reading and editing the GLIBCXX_3.4.32 fix needs.</summary>
    public static class LibTorchSharpElf
    {
        public const string RequiredVersion = "GLIBCXX_3.4.32";
        public const string AnchorSymbol = "_ZSt21ios_base_library_initv";

        const uint ShtDynsym = 11, ShtGnuVersym = 0x6fffffff, ShtGnuVerneed = 0x6ffffffe;
        const ushort VerNdxGlobal = 1, VerFlgWeak = 0x2;

        /// <summary>The libstdc++.so.6 the dynamic loader would pick, from ldconfig's cache or the usual folders.</summary>
        public static string? FindSystemLibStdCxx()
        {
            try
            {
                var psi = new ProcessStartInfo("/sbin/ldconfig", "-p") { RedirectStandardOutput = true, UseShellExecute = false };
                using var ldconfig = Process.Start(psi);
                if (ldconfig is not null)
                {
                    string output = ldconfig.StandardOutput.ReadToEnd();
                    ldconfig.WaitForExit();
                    foreach (string line in output.Split('\n'))
                    {
                        string entry = line.TrimStart();
                        if (entry.StartsWith("libstdc++.so.6 (libc6,x86-64)", StringComparison.Ordinal) || entry.StartsWith("libstdc++.so.6 (libc6,AArch64)", StringComparison.Ordinal))
                        {
                            string path = line.Substring(line.IndexOf("=>", StringComparison.Ordinal) + 2).Trim();
                            if (File.Exists(path)) return path;
                        }
                    }
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // No ldconfig (a minimal container): fall back to the conventional locations.
            }
            foreach (string dir in new[] { "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/lib/aarch64-linux-gnu" })
            {
                string path = Path.Combine(dir, "libstdc++.so.6");
                if (File.Exists(path)) return path;
            }
            return null;
        }

        public static bool LibStdCxxHasRequiredVersion(string libstdcxxPath) =>
            IndexOf(File.ReadAllBytes(libstdcxxPath), Encoding.ASCII.GetBytes(RequiredVersion + "\0")) >= 0;

        /// <summary>True when the GLIBCXX_3.4.32 need is weak and the anchor symbol carries no version.</summary>
        public static bool IsPatched(byte[] image)
        {
            var elf = new Elf(image);
            return elf.VernauxFlags(RequiredVersion) is ushort flags && (flags & VerFlgWeak) != 0
                   && elf.SymbolVersionIndex(AnchorSymbol) == VerNdxGlobal;
        }

        /// <summary>True when the library strongly requires GLIBCXX_3.4.32 (an unpatched 0.107 build).</summary>
        public static bool RequiresVersionStrongly(byte[] image) =>
            new Elf(image).VernauxFlags(RequiredVersion) is ushort flags && (flags & VerFlgWeak) == 0;

        /// <summary>Applies the fix in place; patching a patched image changes nothing.</summary>
        public static void Patch(byte[] image)
        {
            var elf = new Elf(image);
            if (!elf.SetVernauxWeak(RequiredVersion))
                throw new InvalidDataException($"no {RequiredVersion} version-needed entry: not the TorchSharp 0.107 library this fix is for");
            if (!elf.SetSymbolVersionIndex(AnchorSymbol, VerNdxGlobal))
                throw new InvalidDataException($"no dynamic symbol {AnchorSymbol}");
        }

        static int IndexOf(byte[] haystack, byte[] needle)
        {
            for (int i = 0; i <= haystack.Length - needle.Length; i++)
            {
                int j = 0;
                while (j < needle.Length && haystack[i + j] == needle[j]) j++;
                if (j == needle.Length) return i;
            }
            return -1;
        }

        /// <summary>Section-header view of a little-endian ELF64 image; edits write straight into the array.</summary>
        sealed class Elf
        {
            readonly byte[] _b;
            readonly (uint Type, long Offset, long Size, uint Link, uint Info)[] _sections;

            public Elf(byte[] image)
            {
                _b = image;
                if (image.Length < 64 || image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F')
                    throw new InvalidDataException("not an ELF file");
                if (image[4] != 2 || image[5] != 1) throw new InvalidDataException("not a little-endian ELF64 file");
                long shoff = I64(0x28);
                int shentsize = U16(0x3A), shnum = U16(0x3C);
                _sections = new (uint, long, long, uint, uint)[shnum];
                for (int i = 0; i < shnum; i++)
                {
                    long h = shoff + (long)i * shentsize;
                    _sections[i] = (U32(h + 4), I64(h + 24), I64(h + 32), U32(h + 40), U32(h + 44));
                }
            }

            public ushort? VernauxFlags(string version)
            {
                long aux = FindVernaux(version);
                return aux < 0 ? null : U16(aux + 4);
            }

            public bool SetVernauxWeak(string version)
            {
                long aux = FindVernaux(version);
                if (aux < 0) return false;
                W16(aux + 4, (ushort)(U16(aux + 4) | VerFlgWeak));
                return true;
            }

            public int SymbolVersionIndex(string symbol)
            {
                long entry = FindVersym(symbol);
                return entry < 0 ? -1 : U16(entry);
            }

            public bool SetSymbolVersionIndex(string symbol, ushort index)
            {
                long entry = FindVersym(symbol);
                if (entry < 0) return false;
                W16(entry, index);
                return true;
            }

            // Elf64_Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32.
            // Elf64_Vernaux: vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32.
            long FindVernaux(string version)
            {
                foreach (var s in _sections)
                {
                    if (s.Type != ShtGnuVerneed) continue;
                    long strtab = _sections[s.Link].Offset;
                    long need = s.Offset;
                    for (uint n = 0; n < s.Info; n++)
                    {
                        long aux = need + U32(need + 8);
                        for (int a = 0; a < U16(need + 2); a++)
                        {
                            if (CString(strtab + U32(aux + 8)) == version) return aux;
                            aux += U32(aux + 12);
                        }
                        need += U32(need + 12);
                    }
                }
                return -1;
            }

            // Elf64_Sym is 24 bytes with st_name first; .gnu.version holds one u16 per dynamic symbol.
            long FindVersym(string symbol)
            {
                foreach (var s in _sections)
                {
                    if (s.Type != ShtDynsym) continue;
                    long strtab = _sections[s.Link].Offset;
                    long versym = Array.Find(_sections, v => v.Type == ShtGnuVersym).Offset;
                    if (versym == 0) return -1;
                    for (long i = 0; i < s.Size / 24; i++)
                        if (CString(strtab + U32(s.Offset + i * 24)) == symbol) return versym + 2 * i;
                }
                return -1;
            }

            string CString(long at)
            {
                long end = at;
                while (_b[end] != 0) end++;
                return Encoding.ASCII.GetString(_b, (int)at, (int)(end - at));
            }

            ushort U16(long at) => (ushort)(_b[at] | _b[at + 1] << 8);
            uint U32(long at) => (uint)(U16(at) | U16(at + 2) << 16);
            long I64(long at) => (long)(U32(at) | (ulong)U32(at + 4) << 32);
            void W16(long at, ushort v) { _b[at] = (byte)v; _b[at + 1] = (byte)(v >> 8); }
        }
    }
}
