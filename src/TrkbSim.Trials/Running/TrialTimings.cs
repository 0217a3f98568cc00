using System.Globalization;
using System.Text;

namespace TrkbSim.Trials.Running;

/// <summary>
/// Where a trial's wall time went, phase by phase (seconds): set-up (population file, models, output folder and
/// database), population (drawing and simulating every subject, with the writing that overlaps it), writing (what is
/// left to write after the last subject: result tables, CSV, exports, closing files), pictures (plots and report not
/// hidden behind the writing), and how long the background writer was busy while subjects ran. The JIT figures are
/// the time the runtime spent compiling methods during set-up, population and writing, summed over all threads
/// (<see cref="System.Runtime.JitInfo.GetCompilationTime"/>): first-use compilation that ReadyToRun did not remove.
/// </summary>
public sealed record TrialTimings(double SetupSeconds, double PopulationSeconds, double WritingSeconds, double PicturesSeconds,
    double WriterBusySeconds, double SetupJitSeconds = 0, double PopulationJitSeconds = 0, double WritingJitSeconds = 0)
{
    /// <summary>No timings (a result not produced by <see cref="TrialRunner"/>).</summary>
    public static readonly TrialTimings None = new(0, 0, 0, 0, 0);

    /// <summary>The process's JIT compilation time so far, all threads (seconds).</summary>
    public static double JitSecondsSoFar() => System.Runtime.JitInfo.GetCompilationTime().TotalSeconds;

    /// <summary>
    /// The timings as tab-separated "name seconds" lines, with the process's start-up before the run
    /// (<paramref name="startupSeconds"/>) first; read by bench/trial/run.sh.
    /// </summary>
    public string ToTsv(double startupSeconds)
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        void Line(string name, double seconds) => sb.Append(name).Append('\t').Append(seconds.ToString("F4", ci)).Append('\n');
        Line("startup_s", startupSeconds);
        Line("setup_s", SetupSeconds);
        Line("population_s", PopulationSeconds);
        Line("writing_s", WritingSeconds);
        Line("pictures_s", PicturesSeconds);
        Line("writer_busy_s", WriterBusySeconds);
        Line("jit_setup_s", SetupJitSeconds);
        Line("jit_population_s", PopulationJitSeconds);
        Line("jit_writing_s", WritingJitSeconds);
        return sb.ToString();
    }
}
