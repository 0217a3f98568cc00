using System.Runtime.InteropServices;

namespace TrkbSim.Bench.Peers;

/// <summary>The machine a run was made on, as printed in the report.</summary>
public sealed record MachineInfo(string CpuModel, int LogicalCores, string Memory, string OperatingSystem, string DotNet)
{
    public static MachineInfo Current()
    {
        string cpu = "unknown", memory = "unknown";
        if (File.Exists("/proc/cpuinfo"))
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?
                .Split(':', 2)[1].Trim() ?? cpu;
        if (File.Exists("/proc/meminfo"))
        {
            var total = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            if (total is not null && long.TryParse(total.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], out long kb))
                memory = $"{kb / 1024.0 / 1024.0:F1} GiB";
        }
        return new MachineInfo(cpu, Environment.ProcessorCount, memory, RuntimeInformation.OSDescription,
            RuntimeInformation.FrameworkDescription);
    }
}
