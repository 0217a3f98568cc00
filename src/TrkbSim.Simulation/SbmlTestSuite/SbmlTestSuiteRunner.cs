using System.Collections.Concurrent;
using System.Diagnostics;
using TrkbSim.Modeling;
using TrkbSim.Modeling.Sbml;

namespace TrkbSim.Simulation.SbmlTestSuite;

/// <summary>
/// Runs SBML Test Suite cases (folders NNNNN/ with settings, results and SBML files): reads the newest SBML
/// file, simulates it and compares every value as the suite defines. No exception escapes a case.
/// </summary>
public static class SbmlTestSuiteRunner
{
    /// <summary>Longest a single case may run before it is reported as an error.</summary>
    public static readonly TimeSpan DefaultCaseTimeout = TimeSpan.FromSeconds(120);

    /// <summary>Runs the cases in <paramref name="casesDir"/> (all, or those in <paramref name="only"/>, e.g. "00001" or "1") with the engine.</summary>
    public static SuiteReport Run(string casesDir, IReadOnlyCollection<string>? only, int threads) =>
        Run(casesDir, only, threads, new EngineCaseSimulator(), DefaultCaseTimeout);

    /// <summary>Runs the cases with a given simulator; a case running longer than <paramref name="caseTimeout"/> is an error.</summary>
    public static SuiteReport Run(string casesDir, IReadOnlyCollection<string>? only, int threads, ICaseSimulator simulator, TimeSpan caseTimeout) =>
        Run(casesDir, only, threads, simulator, caseTimeout, null);

    /// <summary>Runs the cases; flux balance cases are solved by <paramref name="fluxBalance"/> (unsupported when null).</summary>
    public static SuiteReport Run(string casesDir, IReadOnlyCollection<string>? only, int threads, ICaseSimulator simulator, TimeSpan caseTimeout,
        IFluxBalanceSolver? fluxBalance)
    {
        if (!Directory.Exists(casesDir)) throw new DirectoryNotFoundException($"SBML test suite cases not found: {casesDir}");
        var wanted = only is null ? null : new HashSet<string>(only.Select(NormalizeId), StringComparer.Ordinal);
        var dirs = Directory.GetDirectories(casesDir)
            .Where(d => Path.GetFileName(d) is { Length: 5 } n && n.All(char.IsAsciiDigit))
            .Where(d => wanted is null || wanted.Contains(Path.GetFileName(d)))
            .OrderBy(d => d, StringComparer.Ordinal)
            .ToList();
        var results = new ConcurrentBag<CaseResult>();
        var clock = Stopwatch.StartNew();
        Parallel.ForEach(dirs, new ParallelOptions { MaxDegreeOfParallelism = System.Math.Max(1, threads) },
            d => results.Add(RunCaseWithTimeout(d, simulator, fluxBalance, caseTimeout)));
        return SuiteReport.From(results, clock.Elapsed.TotalSeconds, System.Math.Max(1, threads));
    }

    /// <summary>"1", "00001" and "00001/" all name case 00001.</summary>
    public static string NormalizeId(string id)
    {
        var t = id.Trim().TrimEnd('/', '\\');
        return int.TryParse(t, out var n) ? n.ToString("D5", System.Globalization.CultureInfo.InvariantCulture) : t;
    }

    private static CaseResult RunCaseWithTimeout(string caseDir, ICaseSimulator simulator, IFluxBalanceSolver? fluxBalance, TimeSpan timeout)
    {
        var id = Path.GetFileName(caseDir);
        var task = Task.Run(() => RunCase(caseDir, simulator, fluxBalance));
        try
        {
            if (task.Wait(timeout)) return task.Result;
        }
        catch (AggregateException ex)
        {
            return new CaseResult(id, CaseStatus.Error) { Reason = Describe(ex.InnerException ?? ex) };
        }
        // The abandoned simulation keeps its thread until it finishes; the report does not wait for it.
        return new CaseResult(id, CaseStatus.Error) { Reason = $"timed out after {timeout.TotalSeconds:0} s" };
    }

    /// <summary>Runs one case folder; every problem becomes the case's status and reason.</summary>
    public static CaseResult RunCase(string caseDir, ICaseSimulator simulator) => RunCase(caseDir, simulator, null);

    /// <summary>Runs one case folder, flux balance cases with <paramref name="fluxBalance"/>; every problem becomes the case's status and reason.</summary>
    public static CaseResult RunCase(string caseDir, ICaseSimulator simulator, IFluxBalanceSolver? fluxBalance)
    {
        var id = Path.GetFileName(Path.TrimEndingDirectorySeparator(caseDir));
        var clock = Stopwatch.StartNew();
        SbmlTestCase? c = null;
        CaseResult result;
        try
        {
            c = SbmlTestCase.Load(caseDir);
            result = c.Description.TestType == FluxBalanceTestType && fluxBalance is not null
                ? EvaluateFluxBalance(c, fluxBalance)
                : Evaluate(c, simulator);
        }
        catch (UnsupportedFeatureException ex)
        {
            result = new CaseResult(id, CaseStatus.Unsupported) { Reason = ex.Feature };
        }
        catch (NotSupportedException ex)
        {
            result = new CaseResult(id, CaseStatus.Unsupported) { Reason = ex.Message };
        }
        catch (Exception ex)
        {
            result = new CaseResult(id, CaseStatus.Error) { Reason = Describe(ex) };
        }
        return result with
        {
            SbmlFile = c?.SbmlFile is { } f ? Path.GetFileName(f) : null,
            ComponentTags = c?.Description.ComponentTags ?? [],
            TestTags = c?.Description.TestTags ?? [],
            TestType = c?.Description.TestType,
            Seconds = clock.Elapsed.TotalSeconds,
        };
    }

    private static string Describe(Exception ex) => ex switch
    {
        ModelException m => m.UserMessage,
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };

    /// <summary>Why a case cannot be run, judged from its tags alone; null when it can be tried.</summary>
    public static string? UnsupportedByTags(CaseDescription d)
    {
        if (d.TestType != "TimeCourse") return $"test type {d.TestType} (only TimeCourse is simulated)";
        // comp models are flattened by the reader; fbc needs an optimiser.
        var tags = d.ComponentTags.Concat(d.TestTags).Concat(d.PackagesPresent).ToList();
        if (tags.Any(t => t.StartsWith("fbc", StringComparison.Ordinal)))
            return "SBML package fbc (flux balance constraints)";
        return null;
    }

    /// <summary>The suite's test type of flux balance cases: one row of optimal fluxes and objective values, no time.</summary>
    public const string FluxBalanceTestType = "FluxBalanceSteadyState";

    private static CaseResult EvaluateFluxBalance(SbmlTestCase c, IFluxBalanceSolver solver)
    {
        if (c.SbmlFile is null) return new CaseResult(c.Id, CaseStatus.Error) { Reason = "no SBML file in the case folder" };
        // Bounds and stoichiometries are the model's initial values (initial assignments included).
        var problem = FluxBalanceReader.ReadFile(c.SbmlFile, model =>
        {
            var start = ModelCompiler.Compile(model).CreateSimulator();
            return start.Get;
        });
        var solution = solver.Solve(problem);
        var lines = File.ReadAllLines(c.ResultsFile).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        if (lines.Count != 2) throw new FormatException($"{c.ResultsFile}: expected a header and one row of values");
        var names = lines[0].Split(',').Select(n => n.Trim()).ToArray();
        var cells = lines[1].Split(',');
        if (cells.Length != names.Length) throw new FormatException($"{c.ResultsFile}:2: expected {names.Length} values, found {cells.Length}");
        WorstPoint? worst = null;
        for (int k = 0; k < names.Length; k++)
        {
            double expected = ResultTable.Number(cells[k], c.ResultsFile, 2);
            int r = problem.Reactions.IndexOf(names[k]);
            double actual = names[k] == problem.ObjectiveId ? solution.Objective
                : r >= 0 ? solution.Fluxes[r]
                : throw new FormatException($"{c.ResultsFile}: '{names[k]}' is neither a reaction nor the active objective");
            double ratio = ResultComparison.Ratio(expected, actual, c.Settings.Absolute, c.Settings.Relative);
            if (worst is null || ratio > worst.Ratio) worst = new WorstPoint(names[k], 0, expected, actual, ratio);
        }
        if (worst is null || worst.Ratio <= 1) return new CaseResult(c.Id, CaseStatus.Passed) { Worst = worst };
        return new CaseResult(c.Id, CaseStatus.Failed)
        {
            Worst = worst,
            Reason = $"{worst.Variable}: expected {worst.Expected:R}, got {worst.Actual:R}",
        };
    }

    private static CaseResult Evaluate(SbmlTestCase c, ICaseSimulator simulator)
    {
        if (UnsupportedByTags(c.Description) is { } why)
            return new CaseResult(c.Id, CaseStatus.Unsupported) { Reason = why };
        if (c.SbmlFile is null) return new CaseResult(c.Id, CaseStatus.Error) { Reason = "no SBML file in the case folder" };

        var expected = ResultTable.Parse(File.ReadAllText(c.ResultsFile), c.ResultsFile);
        var model = SbmlReader.ReadFile(c.SbmlFile);
        var outputs = Outputs(model, c.Settings, expected);
        var sim = simulator.Simulate(model, c.Settings, outputs);

        if (sim.Times.Length != expected.Times.Length)
            return new CaseResult(c.Id, CaseStatus.Failed) { Reason = $"simulation gave {sim.Times.Length} output times; expected {expected.Times.Length}" };
        for (int i = 0; i < sim.Times.Length; i++)
        {
            if (System.Math.Abs(sim.Times[i] - expected.Times[i]) > 1e-9 * System.Math.Max(1, System.Math.Abs(expected.Times[i])))
                return new CaseResult(c.Id, CaseStatus.Failed) { Reason = $"output time {sim.Times[i]:R} where {expected.Times[i]:R} was expected" };
        }

        var worst = ResultComparison.Worst(expected, sim.Times, sim.Values, c.Settings.Absolute, c.Settings.Relative);
        if (worst is null || worst.Ratio <= 1) return new CaseResult(c.Id, CaseStatus.Passed) { Worst = worst };
        return new CaseResult(c.Id, CaseStatus.Failed)
        {
            Worst = worst,
            Reason = $"{worst.Variable} at t={worst.Time:R}: expected {worst.Expected:R}, got {worst.Actual:R}",
        };
    }

    /// <summary>
    /// The output requested for each expected column: species listed under amount or concentration become
    /// <c>amount(S)</c> or <c>concentration(S)</c>; everything else is asked for by id.
    /// </summary>
    public static IReadOnlyList<string> Outputs(Model model, CaseSettings settings, ResultTable expected) =>
        expected.Columns.Select(v =>
            model.FindSpecies(v) is null ? v
            : settings.Amount.Contains(v) ? $"amount({v})"
            : settings.Concentration.Contains(v) ? $"concentration({v})"
            : v).ToList();
}
