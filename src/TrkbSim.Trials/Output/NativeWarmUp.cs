using System.Runtime.InteropServices;

namespace TrkbSim.Trials.Output;

/// <summary>
/// Loads the native libraries a trial's last step needs (DuckDB's, about 60 MB, and Skia's with its default font) on a
/// background thread, best from the command's start while the compound library is read on one core and the other is
/// idle: measured, the writing at the end takes ~40-50 ms less (docs/performance.md). A managed warm-up in the same
/// place (the Parquet writer's) slowed the set-up by more than it saved.
/// </summary>
public static class NativeWarmUp
{
    static int _started;

    /// <summary>
    /// Starts the loading (Skia's only when the trial draws <paramref name="pictures"/>), once per process; failures are
    /// left to the code that uses the libraries, which reports its own.
    /// </summary>
    public static void Start(bool pictures)
    {
        if (Interlocked.Exchange(ref _started, 1) == 0) Load(pictures);
    }

    static void Load(bool pictures) => _ = Task.Run(() =>
    {
        try
        {
            NativeLibrary.TryLoad("duckdb", typeof(DuckDB.NET.Data.DuckDBConnection).Assembly, null, out _);
            if (pictures)
            {
                using var font = SkiaSharp.SKTypeface.FromFamilyName(ScottPlot.Fonts.Default);
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException or BadImageFormatException) { }
    });
}
