using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TrkbSim.Distributed.Tests;

/// <summary>Starts trkbsim processes (silos and clients) from the built CLI next to the tests, and ends them.</summary>
sealed class ProcessCluster : IDisposable
{
    readonly List<Process> _started = [];

    static string Cli => Path.Combine(AppContext.BaseDirectory, "trkbsim.dll");

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>Starts trkbsim with the arguments; standard error is collected in <paramref name="stderr"/>.</summary>
    public Process Start(System.Text.StringBuilder stderr, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(Cli);
        foreach (var a in args) info.ArgumentList.Add(a);
        var p = Process.Start(info)!;
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        p.OutputDataReceived += (_, _) => { };
        p.BeginErrorReadLine();
        p.BeginOutputReadLine();
        _started.Add(p);
        return p;
    }

    /// <summary>Starts a silo and waits until it says it is ready.</summary>
    public (Process Process, int Port, int Gateway) Silo(int? join = null, int threads = 1, string? membership = null)
    {
        int port = FreePort(), gateway = FreePort();
        var log = new System.Text.StringBuilder();
        var args = new List<string> { "cluster", "silo", "--port", $"{port}", "--gateway", $"{gateway}", "--threads", $"{threads}" };
        if (join is { } j) args.AddRange(["--join", $"127.0.0.1:{j}"]);
        if (membership is not null) args.AddRange(["--membership", membership]);
        var p = Start(log, [.. args]);
        var clock = Stopwatch.StartNew();
        while (!Text(log).Contains("ready", StringComparison.Ordinal))
        {
            if (p.HasExited) throw new InvalidOperationException($"silo exited with {p.ExitCode}: {Text(log)}");
            if (clock.Elapsed > TimeSpan.FromSeconds(40)) throw new TimeoutException($"silo not ready: {Text(log)}");
            Thread.Sleep(100);
        }
        return (p, port, gateway);
    }

    public static string Text(System.Text.StringBuilder sb) { lock (sb) return sb.ToString(); }

    /// <summary>CPU seconds a process has used so far (Linux /proc; 0 where not available).</summary>
    public static double CpuSeconds(Process p)
    {
        try { p.Refresh(); return p.TotalProcessorTime.TotalSeconds; }
        catch (InvalidOperationException) { return 0; }
    }

    /// <summary>Waits until the process has used <paramref name="seconds"/> more CPU than at the start (it is working), or has exited.</summary>
    public static void WaitUntilBusy(Process p, double seconds, TimeSpan limit)
    {
        double start = CpuSeconds(p);
        var clock = Stopwatch.StartNew();
        while (!p.HasExited && CpuSeconds(p) - start < seconds && clock.Elapsed < limit) Thread.Sleep(50);
    }

    /// <summary>Kills what is still running (a second call does nothing).</summary>
    public void Dispose()
    {
        foreach (var p in _started)
        {
            try { if (!p.HasExited) { p.Kill(entireProcessTree: true); p.WaitForExit(5000); } }
            catch (InvalidOperationException) { }
            p.Dispose();
        }
        _started.Clear();
    }
}
