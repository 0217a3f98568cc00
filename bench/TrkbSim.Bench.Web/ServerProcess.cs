using System.Diagnostics;
using System.Globalization;

namespace TrkbSim.Bench.Web;

/// <summary>A `trkbsim serve` process started for the load check, whose peak resident memory is read from /proc.</summary>
public sealed class ServerProcess : IDisposable
{
    readonly Process _process;

    public ServerProcess(string executable, int port)
    {
        var start = new ProcessStartInfo(executable, ["serve", "--port", port.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {executable}");
        _process.ErrorDataReceived += (_, _) => { };
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        Url = $"http://127.0.0.1:{port}";
    }

    public string Url { get; }

    /// <summary>Waits until the server answers.</summary>
    public async Task WaitUntilUp(HttpClient client)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited) throw new InvalidOperationException($"the server exited with {_process.ExitCode}");
            try
            {
                using var r = await client.GetAsync(Url + "/api/options");
                if (r.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException("the server did not answer within 60 s");
    }

    /// <summary>Peak resident set size (VmHWM) in MiB; null where /proc is not available.</summary>
    public double? PeakMemoryMiB()
    {
        string path = $"/proc/{_process.Id}/status";
        if (!File.Exists(path)) return null;
        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        if (line is null) return null;
        var kb = double.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return kb / 1024;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
        _process.Dispose();
    }
}
