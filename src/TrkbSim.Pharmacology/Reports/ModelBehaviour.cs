using System.Collections.Concurrent;
using System.Text;
using ScottPlot;
using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Mechanism;
using TrkbSim.Pharmacology.Regimens;
using TrkbSim.Pharmacology.Runs;
using static TrkbSim.Pharmacology.Scenarios.ScenarioBuild;

namespace TrkbSim.Pharmacology.Reports;

/// <summary>
/// The model's behaviour in numbers (docs/model-behaviour.md): exposure and target engagement of every library
/// antidepressant at its clinical dose, clinical and mouse time courses, the Y433F and cholesterol claims. Every
/// number in the document is computed here from runs of the current model and library, so the document cannot
/// drift from the model; <see cref="WriteFigures"/> draws the fluoxetine exposure figure of docs/mechanism.md.
/// </summary>
public static class ModelBehaviour
{
    /// <summary>The runs behind the document, simulated once (in parallel) and looked up by key.</summary>
    public sealed class Runs
    {
        readonly ConcurrentDictionary<string, RegimenResult> _results = new();

        public RegimenResult this[string key] => _results[key];

        internal static Runs Simulate(IReadOnlyList<(string Key, MechanismSettings Settings, double Hours, double Step)> jobs)
        {
            var runs = new Runs();
            Parallel.ForEach(jobs, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                j => runs._results[j.Key] = RegimenRunner.Run(j.Settings, j.Hours, j.Step));
            return runs;
        }
    }

    const double OffWeeks = 2;

    static IEnumerable<Compound> Antidepressants(CompoundLibrary library, bool rapid) =>
        library.Compounds.Where(c => c.ClinicalDose is not null && c.Class.Contains("rapid-acting", StringComparison.Ordinal) == rapid);

    static string DoseText(Compound c, bool high) =>
        c.ClinicalDose!.RegimenText(c.Id, high ? c.ClinicalDose.High.Value : c.ClinicalDose.Low.Value, "8w");

    static string Single(Compound c) => c.ClinicalDose!.RegimenText(c.Id, c.ClinicalDose.Low.Value, null);

    /// <summary>Simulates every run the document needs.</summary>
    public static Runs Simulate(CompoundLibrary? library = null)
    {
        library ??= CompoundLibrary.LoadDefault();
        var jobs = new List<(string, MechanismSettings, double, double)>();
        MechanismSettings H(string regimen) => new() { Regimens = [RegimenParser.Parse(regimen, library, Organism.Human)] };
        MechanismSettings M(string regimen, Genotype g = Genotype.WildType) => new()
        {
            Species = Organism.Mouse, Genotype = g,
            Regimens = regimen.Length == 0 ? [] : [RegimenParser.Parse(regimen, library, Organism.Mouse)],
        };
        foreach (var c in Antidepressants(library, rapid: false))
        {
            // Exposure: 8 weeks at the low clinical dose, then two weeks off (wash-out).
            jobs.Add(($"exposure:{c.Id}", H(DoseText(c, false)), (8 + OffWeeks) * Week, 2));
            jobs.Add(($"course:{c.Id}:high", H(DoseText(c, true)), 8 * Week, 6));
        }
        foreach (var c in Antidepressants(library, rapid: true))
            jobs.Add(($"course:{c.Id}", H(Single(c)), 4 * Week, 0.5));
        jobs.Add(("course:none", new MechanismSettings(), 8 * Week, 6));
        jobs.Add(("course:exercise", new MechanismSettings { Exercise = true }, 8 * Week, 6));
        jobs.Add(("figure:fluoxetine", H("fluoxetine 20mg oral every 24h for 8w"), 12 * Week, 2));

        const string water = "fluoxetine 0.08mg/mL drinking-water for 3w", ketamine = "ketamine 10mg/kg ip";
        foreach (var g in Enum.GetValues<Genotype>())
        {
            jobs.Add(($"mouse:water:{g}", M(water, g), 3 * Week, 2));
            jobs.Add(($"mouse:ketamine:{g}", M(ketamine, g), Week, 1));
            jobs.Add(($"mouse:none:{g}", M("", g), 3 * Week, 6));
            jobs.Add(($"mouse:exercise:{g}", new MechanismSettings { Species = Organism.Mouse, Genotype = g, Exercise = true }, 8 * Week, 12));
        }
        jobs.Add(("mouse:bdnf-knockout", M(water) with { BdnfKnockout = true }, 3 * Week, 6));
        foreach (double chol in Cholesterol)
            jobs.Add(($"mouse:cholesterol:{chol}", M(water) with { CholesterolMolPct = chol }, 3 * Week, 6));
        foreach (double depletion in new[] { 0.5, 0.8 })
            jobs.Add(($"mouse:depleted:{depletion}", M(water) with { CholesterolMolPct = 20, CholesterolDepletion = depletion }, 3 * Week, 6));
        var flx = H("fluoxetine 20mg oral every 24h for 6w");
        jobs.Add(("human:serotonin-off", flx with { SerotoninPathway = false }, 6 * Week, 6));
        foreach (var env in Enum.GetValues<LivingEnvironment>())
        {
            jobs.Add(($"human:env:{env}", flx with { Environment = env }, 6 * Week, 6));
            jobs.Add(($"human:env-none:{env}", new MechanismSettings { Environment = env }, 6 * Week, 6));
        }
        var flx8 = H("fluoxetine 20mg oral every 24h for 8w");
        jobs.Add(("human:therapy", new MechanismSettings { Therapy = true }, 8 * Week, 12));
        jobs.Add(("human:drug", flx8, 8 * Week, 12));
        jobs.Add(("human:drug+therapy", flx8 with { Therapy = true }, 8 * Week, 12));
        jobs.Add(("human:none", new MechanismSettings(), 8 * Week, 12));
        return Runs.Simulate(jobs);
    }

    static readonly double[] Cholesterol = [0, 10, 20, 30, 40];

    /// <summary>docs/model-behaviour.md for these runs.</summary>
    public static string Markdown(Runs runs, CompoundLibrary? library = null)
    {
        library ??= CompoundLibrary.LoadDefault();
        var sb = new StringBuilder();
        sb.Append("# Model behaviour in numbers\n\n");
        sb.Append("<!-- Generated by TrkbSim.Pharmacology.Reports.ModelBehaviour from the current model and compound library; ")
          .Append("regenerate with `TRKBSIM_UPDATE_DOCS=1 dotnet test tests/TrkbSim.Pharmacology.Tests --filter ModelBehaviourDocsTests`. ")
          .Append("Do not edit by hand. -->\n\n");
        sb.Append("Typical subject, usual environment, default options (`--exposure membrane`, no placebo component), ")
          .Append("as `trkbsim regimen` runs them. Doses are the ends of each compound's clinical range (`clinical_dose` in ")
          .Append("compounds.json, docs/compounds.md); a daily amount is split as its label splits it. How the model compares ")
          .Append("with published observations is in docs/validation.md.\n\n");
        Exposure(sb, runs, library);
        Courses(sb, runs, library);
        Mice(sb, runs);
        Claims(sb, runs);
        return sb.ToString();
    }

    static void Exposure(StringBuilder sb, Runs runs, CompoundLibrary library)
    {
        sb.Append("## Exposure and target engagement\n\n");
        sb.Append($"Each drug at the low end of its clinical range for 8 weeks, then {OffWeeks:0} weeks without it. Concentrations ")
          .Append("are the parent plus the active metabolites the library forms from it, at the end of week 8 (a dosing trough). ")
          .Append("*Brain total* is what 19F-MRS measures (free + membrane-associated drug); *free* is the unbound brain ")
          .Append("concentration that drives SERT, NET and NMDA. *Left after 3 d / 7 d* is the brain total after the last dose as ")
          .Append("a share of its value at the last dose.\n\n");
        sb.Append("| regimen | plasma (ng/mL) | brain total (µM) | brain : plasma | brain free (nM) | SERT occ. 1 d / 7 d | TRKB occ. 1 d / 7 d / 8 w | brain left after 3 d / 7 d |\n");
        sb.Append("|---|---|---|---|---|---|---|---|\n");
        foreach (var c in Antidepressants(library, rapid: false))
        {
            var r = runs[$"exposure:{c.Id}"];
            double end = 8 * Week;
            double Sum(string pattern) => r.Compounds.Sum(x => r.Has(string.Format(pattern, x)) ? r.At(string.Format(pattern, x), end) : 0);
            double SumAt(string pattern, double h) => r.Compounds.Sum(x => r.Has(string.Format(pattern, x)) ? r.At(string.Format(pattern, x), h) : 0);
            double plasmaNg = Sum("plasma_{0}_ng_per_mL"), plasmaNm = Sum("plasma_{0}_nM"), brain = Sum("brain_{0}_nM"), free = Sum("brain_free_{0}_nM");
            double lastDose = LastDoseHours(r);
            double atStop = SumAt("brain_{0}_nM", lastDose);
            sb.Append($"| {DoseText(c, false).Replace(" for 8w", "", StringComparison.Ordinal)} | {F(plasmaNg)} | {F(brain / 1000)} | {F(brain / plasmaNm)} | {F(free)} | ")
              .Append($"{Pct(r.At("occupancy_SERT", Day))} / {Pct(r.At("occupancy_SERT", Week))} | ")
              .Append($"{Pct(r.At("occupancy_TRKB", Day))} / {Pct(r.At("occupancy_TRKB", Week))} / {Pct(r.At("occupancy_TRKB", end))} | ")
              .Append($"{Pct(SumAt("brain_{0}_nM", lastDose + 3 * Day) / atStop)} / {Pct(SumAt("brain_{0}_nM", lastDose + Week) / atStop)} |\n");
        }
        sb.Append('\n');
    }

    static double LastDoseHours(RegimenResult r) => r.Settings.Regimens.SelectMany(g => g.DoseTimes()).Where(t => t <= r.Times[^1]).DefaultIfEmpty(0).Max();

    static void Courses(StringBuilder sb, Runs runs, CompoundLibrary library)
    {
        sb.Append("## Clinical time courses\n\n");
        sb.Append("MADRS from a baseline of 30. *Onset* is the first time the score is 20 % below baseline, *response* 50 % below.\n\n");
        sb.Append("| regimen | 1 d | 1 w | 2 w | 4 w | 8 w | onset | response |\n|---|---|---|---|---|---|---|---|\n");
        void Row(string label, RegimenResult r)
        {
            string At(double h) => h <= r.Times[^1] + 1e-9 ? F(r.At("madrs", h)) : "-";
            var s = RegimenSummarizer.Summarize(r);
            sb.Append($"| {label} | {At(Day)} | {At(Week)} | {At(2 * Week)} | {At(4 * Week)} | {At(8 * Week)} | {T(s.OnsetHours)} | {T(s.ResponseHours)} |\n");
        }
        foreach (var c in Antidepressants(library, rapid: false))
        {
            Row(DoseText(c, false), Truncated(runs[$"exposure:{c.Id}"], 8 * Week));
            Row(DoseText(c, true), runs[$"course:{c.Id}:high"]);
        }
        foreach (var c in Antidepressants(library, rapid: true)) Row(Single(c) + " (once)", runs[$"course:{c.Id}"]);
        Row("exercise, no drug", runs["course:exercise"]);
        Row("no drug", runs["course:none"]);
        sb.Append("\nThe exposure runs are read up to week 8 here (their wash-out weeks are left out).\n\n");
    }

    /// <summary>The rows of a run up to <paramref name="hours"/>.</summary>
    static RegimenResult Truncated(RegimenResult r, double hours)
    {
        int n = r.Times.TakeWhile(t => t <= hours + 1e-9).Count();
        return new RegimenResult(r.Settings, r.Compounds, r.Columns, [.. r.Values.Select(v => v[..n])]);
    }

    static void Mice(StringBuilder sb, Runs runs)
    {
        sb.Append("## Mice\n\n");
        var w = runs[$"mouse:water:{Genotype.WildType}"];
        double[] b = w.Column("behavior_score");
        double change = b[0] - b[^1];
        double? half = TimeSeries.FirstTimeAtOrBelow(w.Times, b, b[0] - 0.5 * change);
        sb.Append($"Fluoxetine in drinking water (0.08 mg/mL, 3 weeks), relative immobility (untreated = 1): 1 d {F(w.At("behavior_score", Day))}, ")
          .Append($"1 w {F(w.At("behavior_score", Week))}, 2 w {F(w.At("behavior_score", 2 * Week))}, 3 w {F(b[^1])}; halfway to the 3-week value at {T(half)}. ")
          .Append($"Brain fluoxetine + norfluoxetine at 3 weeks: {F((w.At("brain_fluoxetine_nM", 3 * Week) + w.At("brain_norfluoxetine_nM", 3 * Week)) / 1000)} µM total, ")
          .Append($"TRKB occupancy {Pct(w.At("occupancy_TRKB", 3 * Week))}.\n\n");
        var k = runs[$"mouse:ketamine:{Genotype.WildType}"];
        sb.Append($"Ketamine 10 mg/kg i.p. once: relative immobility 2 h {F(k.At("behavior_score", 2))}, 24 h {F(k.At("behavior_score", Day))}, 7 d {F(k.At("behavior_score", Week))}.\n\n");
        sb.Append("Y433F: the drug's behavioural effect (untreated minus treated immobility of the same genotype) and BDNF-driven signalling.\n\n");
        sb.Append("| genotype | fluoxetine effect at 3 w | ketamine effect at 24 h | trkb_signal rise with exercise (BDNF synthesis) |\n|---|---|---|---|\n");
        double Effect(string drug, Genotype g, double h) => runs[$"mouse:none:{g}"].At("behavior_score", h) - runs[$"mouse:{drug}:{g}"].At("behavior_score", h);
        double flxWt = Effect("water", Genotype.WildType, 3 * Week), ketWt = Effect("ketamine", Genotype.WildType, Day);
        double exWt = runs[$"mouse:exercise:{Genotype.WildType}"].Column("trkb_signal").Max() - 1;
        foreach (var g in Enum.GetValues<Genotype>())
        {
            double flx = Effect("water", g, 3 * Week), ket = Effect("ketamine", g, Day), ex = runs[$"mouse:exercise:{g}"].Column("trkb_signal").Max() - 1;
            sb.Append($"| {GenotypeName(g)} | {F(flx)} ({Pct(flx / flxWt)} of wild type) | {F(ket)} ({Pct(ket / ketWt)}) | {F(ex)} ({Pct(ex / exWt)}) |\n");
        }
        sb.Append('\n');
    }

    static string GenotypeName(Genotype g) => g switch
    {
        Genotype.WildType => "wild type",
        Genotype.Heterozygous => "Y433F heterozygous",
        _ => "Y433F homozygous",
    };

    static void Claims(StringBuilder sb, Runs runs)
    {
        sb.Append("## Mechanism claims\n\n| claim | model |\n|---|---|\n");
        var chol = Cholesterol.Select(c => runs[$"mouse:cholesterol:{c}"]).ToList();
        var resting = chol.Select(r => r.Column("trkb_signal")[0]).ToList();
        sb.Append($"| BDNF signalling over membrane cholesterol (Casarotto 2021 Fig. 1B) | resting trkb_signal at {string.Join(" / ", Cholesterol.Select(F))} mol%: ")
          .Append($"{string.Join(" / ", resting.Select(F))}: {Scenarios.ScenarioResults.Shape(Cholesterol, resting, "mol%")} |\n");
        var intact = runs["mouse:cholesterol:20"];
        string SurfaceRise(RegimenResult r) => F(r.Column("trkb_surface")[^1] - r.Column("trkb_surface")[0]);
        sb.Append($"| cholesterol depletion and the drug-induced rise of surface TRKB (Fig. 1F) | fluoxetine 3 w, change of trkb_surface: intact {SurfaceRise(intact)}, ")
          .Append($"50 % depleted {SurfaceRise(runs["mouse:depleted:0.5"])}, 80 % depleted {SurfaceRise(runs["mouse:depleted:0.8"])} |\n");
        var ko = runs["mouse:bdnf-knockout"];
        sb.Append($"| no BDNF, no activation (no agonism) | BDNF knockout on fluoxetine: trkb_signal max {F(ko.Column("trkb_signal").Max())}, TRKB occupancy at 3 w {Pct(ko.Column("occupancy_TRKB")[^1])} |\n");
        var on = runs[$"human:env:{LivingEnvironment.Usual}"];
        var off = runs["human:serotonin-off"];
        sb.Append($"| plasticity without serotonin | fluoxetine 20 mg 6 w, plasticity: serotonin pathway on {F(on.Column("plasticity")[^1])}, off {F(off.Column("plasticity")[^1])}; ")
          .Append($"MADRS {F(on.Column("madrs")[^1])} vs {F(off.Column("madrs")[^1])} |\n");
        string M(string key) => F(runs[key].Column("madrs")[^1]);
        sb.Append($"| drug plus psychotherapy beats either alone (Cuijpers 2014, 2020) | MADRS at 8 w: no treatment {M("human:none")}, psychotherapy {M("human:therapy")}, ")
          .Append($"fluoxetine 20 mg {M("human:drug")}, both {M("human:drug+therapy")} |\n");
        sb.Append("| the environment decides the outcome (Castrén 2013) | MADRS at 6 w with fluoxetine 20 mg / without drug: ")
          .Append(string.Join(", ", Enum.GetValues<LivingEnvironment>().Select(e =>
              $"{e.ToString().ToLowerInvariant()} {F(runs[$"human:env:{e}"].Column("madrs")[^1])} / {F(runs[$"human:env-none:{e}"].Column("madrs")[^1])}")))
          .Append(" |\n");
    }

    /// <summary>
    /// The fluoxetine exposure figure: 20 mg daily for 8 weeks, then 4 weeks off; plasma, free brain, membrane-associated
    /// and total brain drug (log scale), and SERT and TRKB occupancy. Returns the paths written.
    /// </summary>
    public static IReadOnlyList<string> WriteFigures(Runs runs, string dir)
    {
        Directory.CreateDirectory(dir);
        var r = runs["figure:fluoxetine"];
        double[] x = PlotKit.Scale(r.Times, 1.0 / 24);
        var exposure = new Plot();
        var logs = new List<double[]>();
        void Line(double[] y, string label, LinePattern pattern)
        {
            var l = PlotKit.Log10(y);
            logs.Add(l);
            PlotKit.Line(exposure, x, l, label, pattern);
        }
        Line(r.Column("plasma_fluoxetine_nM"), "plasma fluoxetine", LinePattern.Solid);
        Line(r.Column("plasma_norfluoxetine_nM"), "plasma norfluoxetine", LinePattern.Solid);
        double[] brainTotal = [.. r.Column("brain_fluoxetine_nM").Zip(r.Column("brain_norfluoxetine_nM"), (a, b) => a + b)];
        double membraneShare = (r.At("brain_membrane_fluoxetine_nM", 8 * Week) + r.At("brain_membrane_norfluoxetine_nM", 8 * Week))
            / (r.At("brain_fluoxetine_nM", 8 * Week) + r.At("brain_norfluoxetine_nM", 8 * Week));
        Line(brainTotal, $"brain total, both (19F-MRS; {Pct(membraneShare)} membrane-associated at 8 w)", LinePattern.Dashed);
        Line(r.Column("brain_free_fluoxetine_nM"), "brain free fluoxetine", LinePattern.Dotted);
        Line(r.Column("brain_free_norfluoxetine_nM"), "brain free norfluoxetine", LinePattern.Dotted);
        var stop = exposure.Add.VerticalLine(8 * 7);
        stop.LinePattern = LinePattern.Dashed;
        stop.Text = "last dose";
        PlotKit.LogLeftAxis(exposure);
        PlotKit.LimitLogDecades(exposure, logs, 5);
        PlotKit.Finish(exposure, "Fluoxetine 20 mg daily for 8 weeks, then none", "Time (days)", "Concentration (nM, log scale)");

        var occupancy = new Plot();
        PlotKit.Line(occupancy, x, [.. r.Column("occupancy_SERT").Select(v => 100 * v)], "SERT (free drug)");
        PlotKit.Line(occupancy, x, [.. r.Column("occupancy_TRKB").Select(v => 100 * v)], "TRKB (membrane-phase drug)");
        occupancy.Axes.SetLimitsY(-2, 102);
        PlotKit.Finish(occupancy, "Target occupancy", "Time (days)", "Occupancy (%)");

        string a = Path.Combine(dir, "fluoxetine-exposure.png"), b = Path.Combine(dir, "fluoxetine-occupancy.png");
        PlotKit.Save(exposure, a);
        PlotKit.Save(occupancy, b);
        return [a, b];
    }
}
