using System.Diagnostics;
using TrkbSim.Trials;
using TrkbSim.Trials.Running;

namespace TrkbSim.Cli.Output;

/// <summary>
/// Writes a trial's phase timings to the file named by the environment variable TRKBSIM_TRIAL_TIMINGS (for
/// bench/trial/run.sh): the process's start-up (process start to the trial's start), <see cref="TrialResult.Timings"/>
/// the garbage collector's counts, pause time and bytes allocated, and the JIT compiler's methods and time (all threads,
/// the whole process).
/// </summary>
public static class TrialTimingsFile
{
    /// <summary>The environment variable naming the timings file.</summary>
    public const string Variable = "TRKBSIM_TRIAL_TIMINGS";

    /// <summary>Writes the timings when <see cref="Variable"/> is set; does nothing otherwise.</summary>
    public static void WriteIfAsked(TrialResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } path) return;
        using var self = Process.GetCurrentProcess();
        double sinceStart = (DateTime.Now - self.StartTime).TotalSeconds;
        double startup = Math.Max(0, sinceStart - result.Elapsed.TotalSeconds);
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        // The garbage collector's share: collections by generation, time paused, bytes allocated.
        string gc = $"gc0\t{GC.CollectionCount(0)}\ngc1\t{GC.CollectionCount(1)}\ngc2\t{GC.CollectionCount(2)}\n" +
            $"gc_pause_s\t{GC.GetTotalPauseDuration().TotalSeconds.ToString("F4", ci)}\n" +
            $"allocated_mb\t{(GC.GetTotalAllocatedBytes() / 1e6).ToString("F1", ci)}\n";
        // Methods compiled at run time (not precompiled ReadyToRun, or recompiled by tiered compilation) and the time
        // spent compiling them, summed over threads.
        string jit = $"jit_methods\t{System.Runtime.JitInfo.GetCompiledMethodCount()}\n" +
            $"jit_s\t{TrialTimings.JitSecondsSoFar().ToString("F4", ci)}\n";
        File.WriteAllText(path, result.Timings.ToTsv(startup) + gc + jit);
    }
}
