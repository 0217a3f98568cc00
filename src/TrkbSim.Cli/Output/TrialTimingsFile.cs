using System.Diagnostics;
using TrkbSim.Trials;

namespace TrkbSim.Cli.Output;

/// <summary>
/// Writes a trial's phase timings to the file named by the environment variable TRKBSIM_TRIAL_TIMINGS (for
/// bench/trial/run.sh): the process's start-up (process start to the trial's start) and <see cref="TrialResult.Timings"/>.
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
        File.WriteAllText(path, result.Timings.ToTsv(startup));
    }
}
