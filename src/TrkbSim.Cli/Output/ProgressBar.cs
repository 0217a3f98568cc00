namespace TrkbSim.Cli.Output;

/// <summary>
/// A progress bar on standard error for long runs (trials, simulations), drawn only when standard error is a terminal
/// and redrawn only when the whole percent changes; runs that end within a second draw nothing. Reports may come from
/// several threads.
/// </summary>
public sealed class ProgressBar : IProgress<double>
{
    private readonly Lock _gate = new();
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private int _lastPercent = -1;
    private bool _drawn;

    private ProgressBar() { }

    /// <summary>A bar, or null when standard error is redirected (logs and pipes get no bar).</summary>
    public static ProgressBar? ForTerminal() => Console.IsErrorRedirected ? null : new ProgressBar();

    public void Report(double value) => Report(value, "");

    /// <summary>Draws the share done (0-1) with a short detail ("120/2000 subjects").</summary>
    public void Report(double fraction, string detail)
    {
        int percent = Math.Clamp((int)(fraction * 100), 0, 100);
        lock (_gate)
        {
            if (percent == _lastPercent || _clock.Elapsed < TimeSpan.FromSeconds(1)) return;
            _lastPercent = percent;
            _drawn = true;
            int filled = percent / 4;
            Console.Error.Write($"\r[{new string('#', filled)}{new string('.', 25 - filled)}] {percent,3}% {detail,-30}");
        }
    }

    /// <summary>Progress of another kind drawn on this bar, synchronously on the reporting thread.</summary>
    public IProgress<T> Of<T>(Func<T, (double Fraction, string Detail)> read) => new Relay<T>(value =>
    {
        var (fraction, detail) = read(value);
        Report(fraction, detail);
    });

    private sealed class Relay<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    /// <summary>Ends the bar's line (if one was drawn).</summary>
    public void Finish()
    {
        lock (_gate)
            if (_drawn) Console.Error.WriteLine();
    }
}
