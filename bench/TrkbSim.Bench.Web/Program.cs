using System.Globalization;
using System.Text;
using TrkbSim.Bench.Web;

// Load check of the web explorer (docs/performance.md, "Web server under load"): starts `trkbsim serve` (or uses a
// running server), warms it up, then lets N clients post 8-week regimens for the duration and reports requests per
// second, latency percentiles, errors and the server's peak memory.
LoadOptions options;
try { options = LoadOptions.Parse(args); }
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine($"error: {e.Message}\n{LoadOptions.Usage}");
    return 2;
}

using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = options.Clients + 4, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
using var server = options.Server is { } exe ? new ServerProcess(exe, options.Port) : null;
string url = server?.Url ?? options.Url!.TrimEnd('/');
if (server is not null) await server.WaitUntilUp(client);

Console.Error.WriteLine($"warm-up: {options.WarmUp.TotalSeconds:0} s with {Math.Min(4, options.Clients)} clients");
await LoadRun.Run(client, url, Math.Min(4, options.Clients), options.WarmUp, LoadMode.NewLength);
var runs = new List<(string Mode, LoadResult Result)>();
foreach (var (mode, kind) in new[]
{
    ("a new dose each (compile and simulate)", LoadMode.NewDose),
    ("a new simulated time each (compiled model reused, run simulated)", LoadMode.NewLength),
    ("the 16 regimens repeated (answers reused)", LoadMode.Repeat),
})
{
    Console.Error.WriteLine($"load: {options.Clients} clients for {options.Duration.TotalSeconds:0} s against {url}: {mode}");
    runs.Add((mode, await LoadRun.Run(client, url, options.Clients, options.Duration, kind)));
}
double? memory = server?.PeakMemoryMiB();

var inv = CultureInfo.InvariantCulture;
var md = new StringBuilder();
md.AppendLine("## Web server under load");
md.AppendLine();
md.AppendLine($"`dotnet run -c Release --project bench/TrkbSim.Bench.Web -- --server src/TrkbSim.Cli/bin/Release/net10.0/trkbsim --report bench/results/web-load.md`: " +
    $"{options.Clients} clients, each posting 8-week regimens to `POST /api/regimen` one after another for {options.Duration.TotalSeconds:0} s " +
    $"(after a {options.WarmUp.TotalSeconds:0} s warm-up), against `trkbsim serve` on the same machine with its default limits. The bodies cycle through " +
    $"{LoadRun.Bodies.Count} regimens (8 drugs x 2 clinical doses, daily for 8 weeks, 1 h output step: 1,369 rows, about 0.6 MB of JSON each). " +
    "Three runs: every dose made unique (a ten-thousandth of a milligram more per request: the assembled model is new, so it is compiled " +
    "and simulated); every simulated time made unique (a hundredth of an hour more: the 16 compiled models are reused, every run is simulated); " +
    "and the 16 bodies as they are (the server's answer cache, keyed by assembled model and run settings, serves repeats).");
md.AppendLine();
md.AppendLine($"- Date: {DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", inv)}; machine: {Environment.ProcessorCount} cores, {RuntimeInformationText()}; client and server on the same cores");
md.AppendLine();
md.AppendLine("| requests | clients | answered | requests/s | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | errors | goal: no errors, p95 < 250 ms |");
md.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
foreach (var (mode, result) in runs)
{
    string errorText = result.Errors.Count == 0 ? "0" : string.Join("; ", result.Errors.Select(e => $"{e.Value} {e.Key}"));
    md.AppendLine(string.Create(inv, $"| {mode} | {result.Clients} | {result.LatenciesMs.Length:N0} | {result.RequestsPerSecond:F1} | {result.Percentile(0.5):F0} | " +
        $"{result.Percentile(0.95):F0} | {result.Percentile(0.99):F0} | {result.LatenciesMs.DefaultIfEmpty(double.NaN).Max():F0} | {errorText} | " +
        $"{(result.Errors.Count == 0 && result.Percentile(0.95) < 250 ? "met" : "not met")} |"));
}
md.AppendLine();
md.AppendLine($"Server peak memory (resident, VmHWM, over the three runs): {(memory is { } m ? string.Create(inv, $"{m:F0} MiB") : "not measured (--url)")}.");
string text = md.ToString();
Console.Out.Write(text);
if (options.Report is { } report)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(report))!);
    File.WriteAllText(report, text);
}
return 0;

static string RuntimeInformationText() =>
    $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}";
