using System.Diagnostics;
using System.Text;
using TrkbSim.Cli.Tests;
using TrkbSim.Pharmacology.Mechanism;
using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Regimens;

namespace TrkbSim.Fuzz.Tests;

/// <summary>One fuzz case: the command line, the files it reads, and what it is derived from.</summary>
public sealed record FuzzCase(int Index, string Kind, string[] Args, IReadOnlyDictionary<string, string> Files);

/// <summary>What running a case gave.</summary>
public sealed record FuzzOutcome(FuzzCase Case, int ExitCode, string? Problem, TimeSpan Elapsed);

/// <summary>
/// A bounded, seeded fuzzing campaign over trkbsim's inputs: mutated model files (Antimony: the TRKB core, the
/// assembled mechanism, small models; SBML: cases of the SBML Test Suite when the shared folder is present) and
/// mutated option values of simulate, steady-state, scan, regimen, trial and experiment. Every case runs in-process; it fails on an
/// exception escaping the program, a stack trace, an exit code outside 0-4, a run over the time limit, memory over
/// the limit, or a file left behind by a failing command.
/// </summary>
public sealed class FuzzCampaign(int seed, int cases)
{
    public static readonly TimeSpan CaseTimeLimit = TimeSpan.FromSeconds(60);
    public const long MemoryLimitBytes = 3L * 1024 * 1024 * 1024;

    static readonly string[] Tokens =
    [
        "(", ")", "-", "+", "^", "*", "/", ";", "=", "'", ":=", "->", "$", ",", "!", "&&", "||", "<", ">=", "\n", "\"",
        "1e308", "-1e308", "1e-320", "NaN", "inf", "0", "-0", "٢٣", "\u0000", "\uFEFF", "end", "model ", "function f(x)\n", "at (",
        "time", "piecewise(", "delay(", "rateOf(", "compartment ", "species ", "const ", "var ", "E1: ", "J9: ", "x", "unit ",
    ];

    static readonly string[] XmlTokens =
    [
        "<apply>", "</apply>", "<ci>x</ci>", "<cn>1e400</cn>", "<cn>NaN</cn>", "<plus/>", "<divide/>", "&amp;", "]]>", "<", ">", "\"",
        "<listOfEvents>", "<event>", "</event>", "<csymbol encoding=\"text\" definitionURL=\"http://www.sbml.org/sbml/symbols/time\">t</csymbol>",
        "value=\"-1\"", "value=\"1e308\"", "constant=\"false\"", "id=\"x\"",
    ];

    static readonly string[] Values =
    [
        "", "-1", "0", "1e308", "-1e308", "NaN", "Infinity", "١٢h", "24", "24h", "0.0001h", "1e-320h", "abc", "20%", "0.2", "∞", "-", "--",
        "1e9w", "999999999", "2147483648", "-2147483649", "1e400", "3.5d", "0mg", "1e12mg", "20 mg", "mg", "0.08mg/mL", "y433f-hom", "mouse",
        "human", "rat", "wt", "ip", "iv", "oral", "drinking-water", "intranasal", "infusion:0min", "infusion:40min", new string('9', 400),
        "k_rewire=1e308", "no_such=1", "plasticity=2", "x=NaN",
    ];

    static readonly string[] RegimenOptions =
    [
        "--species", "--drug", "--dose", "--route", "--every", "--for", "--doses", "--start-at", "--regimen", "--simulate", "--step", "--weight",
        "--genotype", "--cholesterol", "--cholesterol-depletion", "--environment", "--exposure", "--cyp2d6", "--cyp2c19", "--set", "--uncertainty",
    ];

    static readonly string[] TrialOptions = ["--n", "--weeks", "--species", "--seed", "--threads", "--timecourses", "--arm"];
    static readonly string[] ExperimentOptions = ["--species", "--drug", "--dose", "--route", "--every", "--regimen", "--genotype", "--set", "--seed", "--animals"];
    static readonly string[] SimulateOptions = ["--end", "--start", "--steps", "--times", "--rtol", "--atol", "--solver", "--set", "--vars", "--linear-solver"];
    static readonly string[] SteadyStateOptions = ["--method", "--set", "--max-time"];
    static readonly string[] ScanOptions = ["--param", "--output", "--time", "--times", "--threads", "--max-time"];

    readonly Random _random = new(seed);

    public IEnumerable<FuzzCase> Cases()
    {
        var antimony = AntimonySeeds();
        var sbml = SbmlSeeds();
        for (int i = 0; i < cases; i++)
        {
            int kind = _random.Next(sbml.Count > 0 ? 8 : 7);
            yield return kind switch
            {
                0 or 1 => SimulateAntimony(i, antimony),
                2 => Regimen(i),
                3 => Trial(i),
                4 => Experiment(i),
                5 => SteadyState(i, antimony),
                6 => Scan(i, antimony),
                _ => SimulateSbml(i, sbml),
            };
        }
    }

    static List<string> AntimonySeeds()
    {
        var library = CompoundLibrary.LoadDefault();
        var mechanism = MechanismAssembler.Assemble(new MechanismSettings
        {
            Regimens = [RegimenParser.Parse("fluoxetine 20mg oral every 24h for 1w", library, Organism.Human)],
        }, library);
        return
        [
            "model pk\n  compartment c = 2;\n  species A in c = 10;\n  J0: A -> ; k*A;\n  k = 0.3;\nend\n",
            "x' = -k*x + piecewise(1, time > 2, 0);\nx = 1; k = 0.5;\nE1: at (time > 5): k = 2;\n",
            "function hill(s, K, n)\n  s^n/(K^n + s^n)\nend\ny := hill(time, 2, 4);\nz' = y - z;\nz = 0;\n",
            MechanismAssembler.LoadCoreText(),
            mechanism,
        ];
    }

    static List<string> SbmlSeeds()
    {
        if (CliHarness.SharedFolder() is not { } shared) return [];
        var cases = Path.Combine(shared, "sbml-test-suite", "cases");
        if (!Directory.Exists(cases)) return [];
        // A fixed spread of cases: every 40th, to keep the corpus small and the same on every machine.
        return [.. Directory.EnumerateDirectories(cases).Order(StringComparer.Ordinal).Where((_, i) => i % 40 == 0)
            .Select(d => Directory.EnumerateFiles(d, "*-sbml-l3v2.xml").FirstOrDefault())
            .OfType<string>().Select(File.ReadAllText)];
    }

    string Pick(IReadOnlyList<string> list) => list[_random.Next(list.Count)];

    string MutateText(string text, IReadOnlyList<string> tokens)
    {
        var sb = new StringBuilder(text);
        int operations = 1 + _random.Next(3);
        for (int k = 0; k < operations; k++)
        {
            int at = sb.Length == 0 ? 0 : _random.Next(sb.Length);
            switch (_random.Next(6))
            {
                case 0: // delete a span
                    sb.Remove(at, Math.Min(sb.Length - at, _random.Next(1, 40)));
                    break;
                case 1: // duplicate a span
                    int len = Math.Min(sb.Length - at, _random.Next(1, 200));
                    sb.Insert(at, sb.ToString(at, len));
                    break;
                case 2 or 3: // insert tokens
                    for (int n = _random.Next(1, 4); n > 0; n--) sb.Insert(at, Pick(tokens));
                    break;
                case 4: // nest deeply
                    sb.Insert(at, string.Concat(Enumerable.Repeat(Pick(tokens), _random.Next(50, 3000))));
                    break;
                default: // replace a digit run by an extreme number
                    int d = IndexOfDigit(sb, at);
                    if (d >= 0) sb.Insert(d, Pick(["1e308", "-1e308", "1e-320", "NaN", "0", "-0"]));
                    break;
            }
        }
        return sb.ToString();
    }

    static int IndexOfDigit(StringBuilder sb, int from)
    {
        for (int i = from; i < sb.Length; i++) if (char.IsAsciiDigit(sb[i])) return i;
        return -1;
    }

    /// <summary>Replaces option values by hostile ones and adds hostile options.</summary>
    string[] MutateOptions(List<string> args, IReadOnlyList<string> options, int firstOption)
    {
        int operations = 1 + _random.Next(3);
        for (int k = 0; k < operations; k++)
        {
            if (_random.Next(2) == 0 && args.Count > firstOption + 1)
            {
                int i = firstOption + _random.Next(args.Count - firstOption);
                if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Count) i++;
                args[i] = _random.Next(3) == 0 ? MutateText(args[i], Tokens) : Pick(Values);
            }
            else
            {
                args.Add(Pick(options));
                args.Add(Pick(Values));
            }
        }
        return [.. args];
    }

    FuzzCase SimulateAntimony(int i, IReadOnlyList<string> seeds)
    {
        var args = new List<string> { "simulate", "MODEL:model.ant", "--end", "10" };
        var files = new Dictionary<string, string> { ["model.ant"] = MutateText(Pick(seeds), Tokens) };
        return new FuzzCase(i, "simulate-antimony", _random.Next(3) == 0 ? MutateOptions(args, SimulateOptions, 2) : [.. args], files);
    }

    FuzzCase SimulateSbml(int i, IReadOnlyList<string> seeds)
    {
        var args = new List<string> { "simulate", "MODEL:model.xml", "--end", "10" };
        var files = new Dictionary<string, string> { ["model.xml"] = MutateText(Pick(seeds), XmlTokens.Concat(Tokens).ToList()) };
        return new FuzzCase(i, "simulate-sbml", _random.Next(3) == 0 ? MutateOptions(args, SimulateOptions, 2) : [.. args], files);
    }

    FuzzCase SteadyState(int i, IReadOnlyList<string> seeds)
    {
        var args = new List<string> { "steady-state", "MODEL:model.ant", "--max-time", "20s", "--out", "OUT:ss.json" };
        var files = new Dictionary<string, string> { ["model.ant"] = _random.Next(2) == 0 ? Pick(seeds) : MutateText(Pick(seeds), Tokens) };
        return new FuzzCase(i, "steady-state", MutateOptions(args, SteadyStateOptions, 2), files);
    }

    FuzzCase Scan(int i, IReadOnlyList<string> seeds)
    {
        var args = new List<string> { "scan", "MODEL:model.ant", "--param", "k=0.1:1:3", "--output", Pick(["x", "z", "A", "max(x)"]), "--time", "5",
            "--max-time", "20s", "--out", "OUT:scan.csv" };
        var files = new Dictionary<string, string> { ["model.ant"] = _random.Next(2) == 0 ? Pick(seeds) : MutateText(Pick(seeds), Tokens) };
        return new FuzzCase(i, "scan", MutateOptions(args, ScanOptions, 2), files);
    }

    FuzzCase Regimen(int i)
    {
        var args = new List<string> { "regimen", "--drug", "fluoxetine", "--dose", "20mg", "--every", "24h", "--for", "2w", "--step", "6h", "--out", "OUT:r.csv" };
        var mutated = MutateOptions(args, RegimenOptions, 1);
        return new FuzzCase(i, "regimen", mutated, new Dictionary<string, string>());
    }

    FuzzCase Trial(int i)
    {
        var args = new List<string> { "trial", "--arm", "a: fluoxetine 20mg oral every 24h", "--n", "4", "--weeks", "1", "--max-time", "30s", "--out", "OUT:t" };
        return new FuzzCase(i, "trial", MutateOptions(args, TrialOptions, 1), new Dictionary<string, string>());
    }

    FuzzCase Experiment(int i)
    {
        var args = new List<string> { "experiment", "run", Pick(["ocular-dominance", "fear-extinction", "forced-swim", "novelty-suppressed-feeding"]),
            "--animals", "2", "--no-plots", "--out", "OUT:e" };
        return new FuzzCase(i, "experiment", MutateOptions(args, ExperimentOptions, 3), new Dictionary<string, string>());
    }

    /// <summary>Runs one case in its own folder and judges it.</summary>
    public static FuzzOutcome Run(FuzzCase c, string root)
    {
        string dir = Path.Combine(root, $"case{c.Index:D5}");
        Directory.CreateDirectory(dir);
        foreach (var (name, text) in c.Files) File.WriteAllText(Path.Combine(dir, name), text);
        var before = Directory.EnumerateFileSystemEntries(dir, "*", SearchOption.AllDirectories).ToHashSet();
        string[] args = [.. c.Args.Select(a => a.StartsWith("MODEL:", StringComparison.Ordinal) || a.StartsWith("OUT:", StringComparison.Ordinal)
            ? Path.Combine(dir, a[(a.IndexOf(':') + 1)..]) : a)];
        var clock = Stopwatch.StartNew();
        var task = Task.Run(() => CliHarness.Run(args));
        string? problem = null;
        int code = -1;
        if (!task.Wait(CaseTimeLimit)) problem = $"no answer within {CaseTimeLimit.TotalSeconds:0} s";
        else if (task.IsFaulted) problem = $"exception escaped: {task.Exception!.InnerException?.GetType().Name}: {task.Exception.InnerException?.Message}";
        else
        {
            var (exit, _, err) = task.Result;
            code = exit;
            if (exit is < 0 or > 4) problem = $"exit code {exit}";
            else if (err.Contains("   at ", StringComparison.Ordinal) || err.Contains("Unhandled exception", StringComparison.Ordinal))
                problem = "stack trace on standard error";
            else if (exit != 0)
            {
                var left = Directory.EnumerateFileSystemEntries(dir, "*", SearchOption.AllDirectories).Where(p => !before.Contains(p)).ToList();
                if (left.Count > 0) problem = $"failed (exit {exit}) but left {string.Join(", ", left.Select(Path.GetFileName))}";
            }
        }
        GC.Collect();
        long memory = Process.GetCurrentProcess().WorkingSet64;
        if (problem is null && memory > MemoryLimitBytes) problem = $"working set {memory / (1024 * 1024)} MiB after the case";
        if (problem is null) Directory.Delete(dir, recursive: true);
        return new FuzzOutcome(c, code, problem, clock.Elapsed);
    }
}
