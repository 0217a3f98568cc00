using System.Runtime.InteropServices;

namespace TrkbSim.Bench.Sparse;

/// <summary>libc's clock_gettime, for the CPU time of the benchmark thread (Linux).</summary>
internal static class NativeMethods
{
    [StructLayout(LayoutKind.Sequential)]
    internal struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", SetLastError = false)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054, CA1707, IDE1006 // libc's own name; a bench tool, not the product
    internal static extern int clock_gettime(int clock, out TimeSpec time);
#pragma warning restore SYSLIB1054, CA1707, IDE1006
}
