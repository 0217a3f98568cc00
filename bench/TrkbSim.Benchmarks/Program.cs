using System.Globalization;
using System.Text;
using BenchmarkDotNet.Running;
using TrkbSim.Benchmarks;

// BenchmarkDotNet's own switches apply (--filter, --inProcess, --job short, ...). With --scaling-table FILE
// only the build-time scaling benchmark runs, with its own short job (other switches are ignored: one
// 10,000-species build takes seconds), and its table is also written to FILE as Markdown.
int at = Array.IndexOf(args, "--scaling-table");
if (at < 0)
{
    BenchmarkSwitcher.FromAssembly(typeof(Models).Assembly).Run(args);
    return 0;
}
string output = args[at + 1];
var summary = BenchmarkRunner.Run<BuildScalingBenchmarks>();
var rows = summary.Reports
    .Where(r => r.ResultStatistics is not null)
    .GroupBy(r => (int)r.BenchmarkCase.Parameters["Species"])
    .OrderBy(g => g.Key);
var inv = CultureInfo.InvariantCulture;
var sb = new StringBuilder();
sb.AppendLine($"Mean of {summary.Reports.FirstOrDefault()?.ResultStatistics?.N ?? 0} builds after one warm-up (`bench/TrkbSim.Benchmarks`, `BuildScalingBenchmarks`), generated networks of `bench/Shared/NetworkGenerator.cs`:");
sb.AppendLine();
sb.AppendLine("| species | parse | compile | parse + compile | compile per species |");
sb.AppendLine("|---|---|---|---|---|");
foreach (var g in rows)
{
    double parse = g.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == "Parse")?.ResultStatistics?.Mean ?? double.NaN;
    double compile = g.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == "Compile")?.ResultStatistics?.Mean ?? double.NaN;
    sb.AppendLine(string.Create(inv, $"| {g.Key:N0} | {parse / 1e6:0.00} ms | {compile / 1e6:0.00} ms | {(parse + compile) / 1e6:0.00} ms | {compile / 1e3 / g.Key:0.0} µs |"));
}
Console.WriteLine(sb.ToString());
File.WriteAllText(output, sb.ToString());
return 0;
