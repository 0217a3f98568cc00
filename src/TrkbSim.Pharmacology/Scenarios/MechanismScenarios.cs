using TrkbSim.Pharmacology.Mechanism;
using static TrkbSim.Pharmacology.Scenarios.ScenarioBuild;

namespace TrkbSim.Pharmacology.Scenarios;

/// <summary>Scenarios that test the mechanism: genotype, cholesterol, serotonin, BDNF, exposure hypothesis.</summary>
static class MechanismScenarios
{
    /// <summary>Mouse fluoxetine in drinking water, 0.08 mg/mL (Karpova 2011 Science), 3 weeks.</summary>
    const string MouseFluoxetine = "fluoxetine 0.08mg/mL drinking-water for 3w";
    /// <summary>Mouse ketamine 10 mg/kg i.p. (the dose of Zanos 2016, pk-parameters.md section 5).</summary>
    const string MouseKetamine = "ketamine 10mg/kg ip";

    public static ScenarioDefinition Y433F()
    {
        string[] genotypes = ["wild type", "Y433F heterozygous", "Y433F homozygous"];
        Genotype[] g = [Genotype.WildType, Genotype.Heterozygous, Genotype.Homozygous];
        var runs = new List<ScenarioRun>();
        for (int i = 0; i < 3; i++)
            runs.Add(new($"{genotypes[i]} + fluoxetine", Mouse(MouseFluoxetine) with { Genotype = g[i] }, 3 * Week, 1));
        for (int i = 0; i < 3; i++)
            runs.Add(new($"{genotypes[i]} + ketamine", Mouse(MouseKetamine) with { Genotype = g[i] }, 7 * Day, 0.05));
        return new ScenarioDefinition
        {
            Name = "y433f",
            Title = "TRKB.Y433F mice: wild type, heterozygous, homozygous",
            Description = "Claim 4: the Y433F point mutation in the TRKB TM domain abolishes drug binding but keeps BDNF " +
                "signalling; one mutant copy is enough to lose the drug effects. Mice on fluoxetine in drinking water " +
                "(0.08 mg/mL, Karpova 2011) for 3 weeks, or one ketamine injection (10 mg/kg i.p.) followed for 7 days.",
            Runs = [.. runs],
            KeyOutputs = Outputs("occupancy_TRKB", "trkb_signal", "plasticity", "behavior_score"),
            Compare = r =>
            {
                var lines = new List<string>();
                foreach (string drug in new[] { "fluoxetine", "ketamine" })
                {
                    double wt = r.Rise($"wild type + {drug}", "trkb_signal");
                    lines.Add($"{drug}: drug-induced rise of TRKB signalling — wild type {F(wt)}, " +
                        string.Join(", ", genotypes.Skip(1).Select(x => $"{x} {F(r.Rise($"{x} + {drug}", "trkb_signal"))} ({Pct(r.Rise($"{x} + {drug}", "trkb_signal") / wt)} of wild type)")) + ".");
                    lines.Add($"{drug}: peak plasticity — " + string.Join(", ", genotypes.Select(x => $"{x} {F(r.Max($"{x} + {drug}", "plasticity"))}")) +
                        "; lowest behaviour score (immobility, untreated 1) — " +
                        string.Join(", ", genotypes.Select(x => $"{x} {F(r[$"{x} + {drug}"].Column("behavior_score").Min())}")) + ".");
                }
                lines.Add($"Homozygotes bind no drug: peak TRKB occupancy {Pct(r.Max("Y433F homozygous + fluoxetine", "occupancy_TRKB"))} " +
                    $"(wild type {Pct(r.Max("wild type + fluoxetine", "occupancy_TRKB"))}); their resting TRKB signalling is {F(r.At("Y433F homozygous + fluoxetine", "trkb_signal", 0))} (BDNF signalling kept).");
                return lines;
            },
        };
    }

    public static ScenarioDefinition Cholesterol()
    {
        double[] molpct = [0, 10, 20, 30, 40];
        var runs = molpct.Select(c => new ScenarioRun($"{F(c)} mol% cholesterol", Mouse(MouseFluoxetine) with { CholesterolMolPct = c }, 3 * Week, 1)).ToList();
        runs.Add(new("20 mol%, 50 % depleted (statin)", Mouse(MouseFluoxetine) with { CholesterolMolPct = 20, CholesterolDepletion = 0.5 }, 3 * Week, 1));
        runs.Add(new("20 mol%, 80 % depleted (beta-cyclodextrin)", Mouse(MouseFluoxetine) with { CholesterolMolPct = 20, CholesterolDepletion = 0.8 }, 3 * Week, 1));
        return new ScenarioDefinition
        {
            Name = "cholesterol",
            Title = "Membrane cholesterol: BDNF signalling across cholesterol levels, and depletion against the drug's surface effect",
            Description = "Claim 3: Casarotto 2021 (Fig. 1B) report BDNF signalling through TRKB as bell-shaped in membrane cholesterol, " +
                "and cholesterol depletion (pravastatin, beta-cyclodextrin) blocks the fluoxetine-induced rise of surface TRKB " +
                "(Fig. 1F). Mice on fluoxetine in drinking water (0.08 mg/mL) for 3 weeks at 0-40 mol% membrane cholesterol, and " +
                "at 20 mol% with 50 % and 80 % of the cholesterol removed. The value at time 0 is each membrane's resting state " +
                "(endogenous BDNF, no drug); the rise over the run is the drug effect.",
            Runs = [.. runs],
            KeyOutputs = Outputs("trkb_signal", "trkb_surface", "occupancy_TRKB", "plasticity"),
            Compare = r =>
            [
                "Resting BDNF signalling (trkb_signal at time 0, wild type at 20 mol% = 1) by cholesterol: " +
                    string.Join(", ", molpct.Select(c => $"{F(c)} mol% {F(r.At($"{F(c)} mol% cholesterol", "trkb_signal", 0))}")) +
                    $": {ScenarioResults.Shape(molpct, [.. molpct.Select(c => r.At($"{F(c)} mol% cholesterol", "trkb_signal", 0))], "mol%")}.",
                "Fluoxetine-induced rise of TRKB signalling over 3 weeks by cholesterol: " +
                    string.Join(", ", molpct.Select(c => $"{F(c)} mol% {F(r.Rise($"{F(c)} mol% cholesterol", "trkb_signal"))}")) + ".",
                $"Fluoxetine-induced change of surface TRKB after 3 weeks: intact 20 mol% {SurfaceChange(r, "20 mol% cholesterol")}, " +
                    $"50 % depleted {SurfaceChange(r, "20 mol%, 50 % depleted (statin)")}, 80 % depleted {SurfaceChange(r, "20 mol%, 80 % depleted (beta-cyclodextrin)")}.",
                $"Depletion also lowers resting signalling: 50 % depleted {F(r.At("20 mol%, 50 % depleted (statin)", "trkb_signal", 0))}, " +
                    $"80 % depleted {F(r.At("20 mol%, 80 % depleted (beta-cyclodextrin)", "trkb_signal", 0))}.",
            ],
        };
    }

    static string SurfaceChange(ScenarioResults r, string label) =>
        $"{(r.Final(label, "trkb_surface") - r.At(label, "trkb_surface", 0) >= 0 ? "+" : "")}{F(r.Final(label, "trkb_surface") - r.At(label, "trkb_surface", 0))}";

    public static ScenarioDefinition SerotoninIndependence()
    {
        const string on = "fluoxetine, serotonin pathway on", off = "fluoxetine, serotonin pathway off",
            sertOnly = "fluoxetine without TRKB binding (SERT only)";
        var flx = Human("fluoxetine 20mg oral every 24h for 8w");
        return new ScenarioDefinition
        {
            Name = "serotonin-independence",
            Title = "Plasticity without serotonin, not without TRKB binding",
            Description = "Claim 5: the plasticity effects need TRKB binding, not more serotonin. Fluoxetine 20 mg daily for " +
                "8 weeks with the serotonergic pathway on or off, and with TRKB binding removed (fluoxetine and norfluoxetine " +
                "TRKB Kd set to 1e12 nM) so that only SERT is blocked.",
            Runs =
            [
                new(on, flx, 8 * Week, 2),
                new(off, flx with { SerotoninPathway = false }, 8 * Week, 2),
                new(sertOnly, flx.With(("fluoxetine_K_TRKB", 1e12), ("norfluoxetine_K_TRKB", 1e12)), 8 * Week, 2),
            ],
            KeyOutputs = Outputs("occupancy_SERT", "occupancy_TRKB", "trkb_signal", "plasticity", "madrs"),
            Compare = r =>
            [
                $"Plasticity at 8 weeks: pathway on {F(r.Final(on, "plasticity"))}, off {F(r.Final(off, "plasticity"))} " +
                    $"({Pct(r.Final(off, "plasticity") / r.Final(on, "plasticity"))} of on), SERT only {F(r.Final(sertOnly, "plasticity"))}.",
                $"SERT occupancy at 8 weeks is the same in all three ({Pct(r.Final(on, "occupancy_SERT"))}); TRKB signalling rise: on {F(r.Rise(on, "trkb_signal"))}, " +
                    $"off {F(r.Rise(off, "trkb_signal"))}, SERT only {F(r.Rise(sertOnly, "trkb_signal"))}.",
                $"MADRS at 8 weeks: on {F(r.Final(on, "madrs"))}, off {F(r.Final(off, "madrs"))}, SERT only {F(r.Final(sertOnly, "madrs"))} (baseline {F(r.At(on, "madrs", 0))}).",
            ],
        };
    }

    public static ScenarioDefinition BdnfKnockout()
    {
        const string wt = "wild type + fluoxetine", ko = "BDNF knockout + fluoxetine", koNone = "BDNF knockout, untreated";
        return new ScenarioDefinition
        {
            Name = "bdnf-knockout",
            Title = "No BDNF, no drug effect",
            Description = "Claim 2: the drug is a positive allosteric modulator of BDNF signalling, not an agonist. Mice on " +
                "fluoxetine in drinking water (0.08 mg/mL) for 3 weeks, with and without BDNF.",
            Runs =
            [
                new(wt, Mouse(MouseFluoxetine), 3 * Week, 1),
                new(ko, Mouse(MouseFluoxetine) with { BdnfKnockout = true }, 3 * Week, 1),
                new(koNone, Mouse() with { BdnfKnockout = true }, 3 * Week, 6),
            ],
            KeyOutputs = Outputs("occupancy_TRKB", "trkb_signal", "bdnf", "plasticity", "behavior_score"),
            Compare = r =>
            [
                $"TRKB occupancy at 3 weeks: wild type {Pct(r.Final(wt, "occupancy_TRKB"))}, knockout {Pct(r.Final(ko, "occupancy_TRKB"))} (the drug still binds).",
                $"Rise of TRKB signalling: wild type {F(r.Rise(wt, "trkb_signal"))}, knockout {F(r.Rise(ko, "trkb_signal"))} (knockout level {F(r.Max(ko, "trkb_signal"))}).",
                $"Peak plasticity: wild type {F(r.Max(wt, "plasticity"))}, knockout {F(r.Max(ko, "plasticity"))}; lowest immobility: wild type " +
                    $"{F(r[wt].Column("behavior_score").Min())}, knockout {F(r[ko].Column("behavior_score").Min())}, knockout untreated {F(r[koNone].Column("behavior_score").Min())}.",
            ],
        };
    }

    public static ScenarioDefinition ExposureHypothesis()
    {
        const string flxT = "fluoxetine 20 mg daily, membrane exposure", flxF = "fluoxetine 20 mg daily, free exposure",
            ketT = "ketamine 0.5 mg/kg infusion, membrane exposure", ketF = "ketamine 0.5 mg/kg infusion, free exposure";
        var flx = Human("fluoxetine 20mg oral every 24h for 8w");
        var ket = Human("ketamine 0.5mg/kg infusion:40min");
        return new ScenarioDefinition
        {
            Name = "exposure-hypothesis",
            Title = "Which brain concentration reaches TRKB: membrane (Casarotto) or free (critics)",
            Description = "Claim 8: whether therapeutic doses reach TRKB-binding levels depends on the exposure assumption. " +
                "TRKB, whose drug pocket lies in the membrane, is driven either by the drug dissolved in the membrane lipid phase " +
                "(the view of Casarotto et al.; compared with the in-vitro affinity read in the same phase) or by the unbound " +
                "brain concentration (nanomolar for SSRIs, the critics' view). " +
                "Fluoxetine 20 mg daily for 8 weeks and one ketamine infusion, under both assumptions.",
            Runs =
            [
                new(flxT, flx, 8 * Week, 2),
                new(flxF, flx with { Exposure = Mechanism.ExposureHypothesis.Free }, 8 * Week, 2),
                new(ketT, ket, 8 * Week, 0.1),
                new(ketF, ket with { Exposure = Mechanism.ExposureHypothesis.Free }, 8 * Week, 0.1),
            ],
            KeyOutputs = Outputs("occupancy_TRKB", "trkb_signal", "plasticity", "madrs"),
            Compare = r =>
            [
                $"Fluoxetine brain at 8 weeks: total tissue {F(r.Final(flxT, "brain_fluoxetine_nM"))} nM, membrane-associated {F(r.Final(flxT, "brain_membrane_fluoxetine_nM"))} nM, " +
                    $"free {F(r.Final(flxT, "brain_free_fluoxetine_nM"))} nM (norfluoxetine {F(r.Final(flxT, "brain_norfluoxetine_nM"))} / " +
                    $"{F(r.Final(flxT, "brain_membrane_norfluoxetine_nM"))} / {F(r.Final(flxT, "brain_free_norfluoxetine_nM"))} nM).",
                $"Fluoxetine TRKB occupancy at 8 weeks: membrane {Pct(r.Final(flxT, "occupancy_TRKB"))}, free {Pct(r.Final(flxF, "occupancy_TRKB"))}; " +
                    $"plasticity {F(r.Final(flxT, "plasticity"))} vs {F(r.Final(flxF, "plasticity"))}; MADRS {F(r.Final(flxT, "madrs"))} vs {F(r.Final(flxF, "madrs"))}.",
                $"Ketamine peak TRKB occupancy: membrane {Pct(r.Max(ketT, "occupancy_TRKB"))}, free {Pct(r.Max(ketF, "occupancy_TRKB"))}; " +
                    $"peak TRKB signalling rise {F(r.Rise(ketT, "trkb_signal"))} vs {F(r.Rise(ketF, "trkb_signal"))}.",
                $"MADRS change by 8 weeks under the free view against the membrane view: fluoxetine {F(r.At(flxF, "madrs", 0) - r.Final(flxF, "madrs"))} vs " +
                    $"{F(r.At(flxT, "madrs", 0) - r.Final(flxT, "madrs"))} points; ketamine at 24 h {F(r.At(ketF, "madrs", 0) - r.At(ketF, "madrs", 24))} vs " +
                    $"{F(r.At(ketT, "madrs", 0) - r.At(ketT, "madrs", 24))} points. The data do not decide between the views; both are runs of the same model.",
            ],
        };
    }
}
