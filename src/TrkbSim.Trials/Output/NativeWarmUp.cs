using System.Runtime.InteropServices;

namespace TrkbSim.Trials.Output;

/// <summary>
/// Loads the native libraries a trial's last step needs (DuckDB's, about 60 MB, and Skia's with its default font) on a
/// background thread while the arms are set up: native loading takes none of the runtime's locks that the set-up's
/// compilation waits on, so it uses the core the set-up leaves idle instead of lengthening the writing at the end.
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
