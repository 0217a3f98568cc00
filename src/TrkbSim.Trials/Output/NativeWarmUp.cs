using System.Runtime.InteropServices;

namespace TrkbSim.Trials.Output;

/// <summary>
/// Loads the native libraries a trial's last step needs (DuckDB's, about 60 MB, and Skia's with its default font) on a
/// background thread while the arms are set up, whose first-use compilation leaves the second core mostly idle:
/// measured, the set-up takes ~20-25 ms longer and the writing at the end ~40-50 ms less (docs/performance.md). A managed
/// warm-up in the same place (the Parquet writer's) slowed the set-up by more than it saved.
/// </summary>
static class NativeWarmUp
{
    /// <summary>
    /// Starts the loading (Skia's only when the trial draws <paramref name="pictures"/>); failures are left to the code
    /// that uses the libraries, which reports its own.
    /// </summary>
    public static void Start(bool pictures) => _ = Task.Run(() =>
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
