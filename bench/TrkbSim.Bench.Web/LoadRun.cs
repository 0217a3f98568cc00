using System.Diagnostics;
using System.Net.Http.Json;

namespace TrkbSim.Bench.Web;

/// <summary>How the request bodies vary: see <see cref="LoadRun.Body"/>.</summary>
public enum LoadMode
{
    NewDose,
    NewLength,
    Repeat,
}

/// <summary>What the clients saw: latencies of the answered requests, errors by kind, and the measured wall time.</summary>
public sealed record LoadResult(double[] LatenciesMs, IReadOnlyDictionary<string, int> Errors, TimeSpan Elapsed, int Clients)
{
    public int Requests => LatenciesMs.Length + Errors.Values.Sum();
    public double RequestsPerSecond => LatenciesMs.Length / Elapsed.TotalSeconds;

    /// <summary>Quantile of the latencies of successful requests (type 7).</summary>
    public double Percentile(double p)
    {
        if (LatenciesMs.Length == 0) return double.NaN;
        var sorted = LatenciesMs.Order().ToArray();
        double h = (sorted.Length - 1) * p;
        int lo = (int)Math.Floor(h);
        return lo + 1 < sorted.Length ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
    }
}

/// <summary>
/// N clients, each posting 8-week regimens to POST /api/regimen one after another for the whole duration. The bodies
/// cycle through the clinical regimens of eight library drugs at two doses each, as the regimen explorer sends them.
/// </summary>
public static class LoadRun
{
    public static readonly IReadOnlyList<Dictionary<string, object>> Bodies =
    [
        .. new (string Drug, string Low, string High)[]
        {
            ("fluoxetine", "20mg", "40mg"), ("sertraline", "50mg", "100mg"), ("escitalopram", "10mg", "20mg"), ("paroxetine", "20mg", "40mg"),
            ("citalopram", "20mg", "40mg"), ("venlafaxine", "75mg", "150mg"), ("imipramine", "100mg", "150mg"), ("amitriptyline", "75mg", "150mg"),
        }.SelectMany(d => new[] { d.Low, d.High }.Select(dose => new Dictionary<string, object>
        {
            ["drug"] = d.Drug, ["dose"] = dose, ["every"] = "24h", ["for"] = "8w",
        })),
    ];

    /// <summary>
    /// The body of request number <paramref name="k"/>: the regimens in turn; <see cref="LoadMode.NewDose"/> makes the dose
    /// unique (a ten-thousandth of a milligram more per request: a new model to compile and simulate),
    /// <see cref="LoadMode.NewLength"/> the simulated time (a hundredth of an hour more per request: the compiled model is
    /// reused, the run is new); <see cref="LoadMode.Repeat"/> sends the regimens as they are.
    /// </summary>
    public static Dictionary<string, object> Body(long k, LoadMode mode)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var body = new Dictionary<string, object>(Bodies[(int)(k % Bodies.Count)]);
        if (mode == LoadMode.NewDose)
        {
            string dose = (string)body["dose"];
            double mg = double.Parse(dose[..^2], inv) + 1e-4 * (k + 1);
            body["dose"] = mg.ToString("0.####", inv) + "mg";
        }
        else if (mode == LoadMode.NewLength)
        {
            body["simulate"] = (8 * 168 + 24 + 0.01 * (k % 100_000 + 1)).ToString("0.##", inv) + "h";
        }
        return body;
    }

    public static async Task<LoadResult> Run(HttpClient client, string url, int clients, TimeSpan duration, LoadMode mode, CancellationToken cancel = default)
    {
        var latencies = new List<double>[clients];
        var errors = new Dictionary<string, int>[clients];
        var clock = Stopwatch.StartNew();
        long counter = Interlocked.Add(ref s_offset, 1_000_000);
        var end = duration;
        var tasks = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            latencies[c] = [];
            errors[c] = [];
            while (clock.Elapsed < end && !cancel.IsCancellationRequested)
            {
                var body = Body(Interlocked.Increment(ref counter) - 1, mode);
                long started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.PostAsJsonAsync(url + "/api/regimen", body, cancel);
                    var bytes = await response.Content.ReadAsByteArrayAsync(cancel);
                    if (response.IsSuccessStatusCode && bytes.Length > 1000) latencies[c].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    else Count(errors[c], $"HTTP {(int)response.StatusCode}");
                }
                catch (HttpRequestException e) { Count(errors[c], e.GetType().Name + ": " + e.Message); }
                catch (TaskCanceledException) when (!cancel.IsCancellationRequested) { Count(errors[c], "client timeout"); }
            }
        }, cancel)).ToArray();
        await Task.WhenAll(tasks);
        var elapsed = clock.Elapsed;
        var allErrors = errors.SelectMany(e => e).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Sum(p => p.Value));
        return new LoadResult([.. latencies.SelectMany(l => l)], allErrors, elapsed, clients);
    }

    static long s_offset = -1_000_000;

    static void Count(Dictionary<string, int> errors, string kind) => errors[kind] = errors.GetValueOrDefault(kind) + 1;
}
