using System.Collections.Immutable;
using TrkbSim.Analysis.Sensitivity;
using TrkbSim.Analysis.Statistics;
using TrkbSim.Numerics.Ode;
using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Mechanism;
using TrkbSim.Simulation;

namespace TrkbSim.Pharmacology.Runs;

/// <summary>
/// Runs a regimen for the typical subject and for <c>N</c> parameter sets drawn from the uncertainty ranges of the compound
/// library (values with an <c>uncertainty</c> entry: TRKB affinities, brain partitioning, CYP shares, the assay membrane
/// ratio, ...), and adds the 5th, 50th and 95th percentiles of every model column (<c>NAME_p5</c>, <c>NAME_p50</c>,
/// <c>NAME_p95</c>). Sample i draws from its own random stream (seed, i), so bands do not depend on thread count.
/// Parameters the user overrides (<c>--set</c>) keep their value.
/// </summary>
public static class UncertaintyRunner
{
    /// <summary>Largest number of samples, and of stored sample values (samples x rows x columns).</summary>
    public const int MaxSamples = 5000;
    public const long MaxStoredValues = 200_000_000;

    public static readonly IReadOnlyList<(string Suffix, double Quantile)> Bands = [("_p5", 0.05), ("_p50", 0.5), ("_p95", 0.95)];

    public static RegimenResult Run(MechanismSettings settings, RegimenRunOptions options, int samples, int seed)
    {
        if (samples is < 2 or > MaxSamples)
            throw new PharmacologyInputException($"uncertainty samples {samples} is not allowed; allowed: 2 to {MaxSamples}");
        if (options.SteadyStateStart)
            throw new PharmacologyInputException(
                "a steady-state start and uncertainty samples cannot be combined: each sample would need its own periodic steady state, which is not supported; run the typical subject with the steady-state start, or the samples from the drug-free start");
        var typical = RegimenRunner.Run(settings, options);
        var library = options.Library ?? CompoundLibrary.LoadDefault();
        var (text, exposure) = MechanismAssembler.AssembleWithExposure(settings, library);
        var varied = exposure.Parameters
            .Where(p => p.Value.Uncertainty is not null && !settings.ParameterOverrides.ContainsKey(p.Symbol))
            .ToImmutableArray();
        var columns = typical.Columns.Skip(1).ToArray();
        int rows = typical.Times.Length;
        if ((long)samples * rows * columns.Length > MaxStoredValues)
            throw new PharmacologyInputException(
                $"uncertainty samples {samples} x {rows} output times x {columns.Length} columns is more than {MaxStoredValues:N0} values; use fewer samples or a larger --step");

        var compiled = (options.Models ?? CompiledModelCache.Shared).Get(text);
        var values = new double[samples][][];
        var failed = new bool[samples];
        // Blocks of samples share vector lanes (LaneBatch; each result is the one a sample run alone gets); samples whose
        // drug-amount tolerances differ run in separate batches.
        int block = LaneBatch.RunsPerBlock;
        var workers = new ThreadLocal<(List<Simulator> Sims, LaneBatch Batch)>(() => ([], new LaneBatch(compiled)));
        Parallel.For(0, (samples + block - 1) / block, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = options.Cancellation }, b =>
        {
            var (sims, batch) = workers.Value;
            int from = b * block, count = Math.Min(block, samples - from);
            var groups = new List<(IReadOnlyDictionary<string, double> AbsTolFor, List<int> Members)>();
            for (int k = 0; k < count; k++)
            {
                if (sims.Count <= k) sims.Add(compiled.CreateSimulator());
                var sim = sims[k];
                sim.Reset();
                var random = RandomStreams.For(seed, from + k, purpose: 7);
                foreach (var p in varied) sim.Set(p.Symbol, p.Value.Uncertainty!.Quantile(random.NextDouble()));
                var absTolFor = AmountTolerances.For(sim, settings, library, options.RelTol, options.AbsTol);
                int g = groups.FindIndex(x => x.AbsTolFor.Count == absTolFor.Count && x.AbsTolFor.All(kv => absTolFor.TryGetValue(kv.Key, out var v) && v.Equals(kv.Value)));
                if (g < 0) groups.Add((absTolFor, [k]));
                else groups[g].Members.Add(k);
            }
            foreach (var (absTolFor, members) in groups)
            {
                var runSettings = new SimulationSettings
                {
                    Start = 0, End = options.DurationHours, Times = typical.Times, Variables = columns,
                    Solver = options.Solver, RelTol = options.RelTol, AbsTol = options.AbsTol, AbsTolFor = absTolFor,
                    Cancellation = options.Cancellation,
                };
                var outcomes = batch.Run([.. members.Select(k => sims[k])], runSettings);
                for (int m = 0; m < members.Count; m++)
                {
                    int i = from + members[m];
                    var (r, error) = outcomes[m];
                    if (error is OdeSolverException) failed[i] = true;
                    else if (error is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
                    else values[i] = [.. columns.Select(c => r!.Values[r.IndexOf(c)])];
                }
            }
        });
        workers.Dispose();

        var ok = Enumerable.Range(0, samples).Where(i => !failed[i]).ToArray();
        if (ok.Length < 2) throw new PharmacologyInputException($"uncertainty: {samples - ok.Length} of {samples} samples failed to simulate; no bands");
        var bandColumns = new List<string>();
        var bandValues = new List<double[]>();
        var sorted = new double[ok.Length];
        for (int c = 0; c < columns.Length; c++)
        {
            var q = Bands.Select(_ => new double[rows]).ToArray();
            for (int t = 0; t < rows; t++)
            {
                for (int k = 0; k < ok.Length; k++) sorted[k] = values[ok[k]][c][t];
                Array.Sort(sorted);
                for (int b = 0; b < Bands.Count; b++) q[b][t] = Quantiles.OfSorted(sorted, Bands[b].Quantile);
            }
            for (int b = 0; b < Bands.Count; b++)
            {
                bandColumns.Add(columns[c] + Bands[b].Suffix);
                bandValues.Add(q[b]);
            }
        }
        int outcome = Array.IndexOf(columns, typical.OutcomeColumn);
        var times = typical.Times;
        TimeBand Times(double fraction)
        {
            // A sample that never gets there counts as later than any that does; a percentile that lands there is null.
            var hit = ok.Select(k =>
            {
                var y = values[k][outcome];
                return y[0] > 0 ? TimeSeries.FirstTimeAtOrBelow(times, y, (1 - fraction) * y[0]) ?? double.PositiveInfinity : double.PositiveInfinity;
            }).Order().ToArray();
            double? At(double p) => Quantiles.OfSorted(hit, p) is var v && double.IsFinite(v) ? v : null;
            return new TimeBand(At(0.05), At(0.5), At(0.95), hit.Count(double.IsFinite));
        }
        return new RegimenResult(settings, typical.Compounds, [.. typical.Columns, .. bandColumns], [.. typical.Values, .. bandValues])
        {
            WindowExtremes = typical.WindowExtremes,
            Uncertainty = new UncertaintyInfo(samples, seed, samples - ok.Length, [.. varied.Select(p => p.Symbol)],
                Times(RegimenSummarizer.OnsetFraction), Times(RegimenSummarizer.ResponseFraction)),
        };
    }
}

/// <summary>An uncertainty run asked for: number of samples and seed.</summary>
public sealed record UncertaintyRequest(int Samples, int Seed);

/// <summary>
/// How the bands of an uncertainty run were made (samples, seed, failures, the parameters varied), and the spread of the
/// times to onset (outcome 20 % below baseline) and response (50 % below) across the samples.
/// </summary>
public sealed record UncertaintyInfo(int Samples, int Seed, int Failed, ImmutableArray<string> Parameters, TimeBand? OnsetHours, TimeBand? ResponseHours);

/// <summary>5th, 50th and 95th percentiles of a time in hours (null: that share of samples never got there), and how many samples got there.</summary>
public sealed record TimeBand(double? P5, double? P50, double? P95, int Reached);
