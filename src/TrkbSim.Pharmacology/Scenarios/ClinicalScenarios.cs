using System.Collections.Immutable;
using TrkbSim.Pharmacology.Compounds;
using static TrkbSim.Pharmacology.Scenarios.ScenarioBuild;

namespace TrkbSim.Pharmacology.Scenarios;

/// <summary>Scenarios about drugs and regimens in patients: onset, exposure and TRKB engagement.</summary>
static class ClinicalScenarios
{
    public static ScenarioDefinition FluoxetineVsKetamine()
    {
        const string flx = "fluoxetine 20 mg oral daily", ket = "ketamine 0.5 mg/kg 40-min infusion, single",
            ketWeekly = "ketamine 0.5 mg/kg 40-min infusion, weekly", none = "no drug";
        return new ScenarioDefinition
        {
            Name = "fluoxetine-vs-ketamine",
            Title = "Fluoxetine vs ketamine: speed of TRKB engagement and onset",
            Description = "Claim 6 (speed of onset is a matter of exposure): oral fluoxetine 20 mg daily for 8 weeks against " +
                "intravenous ketamine 0.5 mg/kg over 40 min, once and weekly, in a typical patient (human, usual environment, " +
                "TRKB reached by drug in the membrane lipid phase, the default). Compared: when TRKB occupancy rises, when the depression score improves.",
            Runs =
            [
                new(flx, Human("fluoxetine 20mg oral every 24h for 8w"), 8 * Week, 1),
                new(ket, Human("ketamine 0.5mg/kg infusion:40min"), 8 * Week, 0.1),
                new(ketWeekly, Human("ketamine 0.5mg/kg infusion:40min every 1w for 8w"), 8 * Week, 0.1),
                new(none, Human(), 8 * Week, 6),
            ],
            KeyOutputs = Outputs("occupancy_TRKB", "trkb_signal", "plasticity", "network_state", "madrs"),
            Compare = r =>
            {
                var f = r.Summary(flx);
                var k = r.Summary(ket);
                var kw = r.Summary(ketWeekly);
                double kPeakT = r.TimeOfMax(ket, "occupancy_TRKB");
                return
                [
                    $"Fluoxetine: TRKB occupancy reaches half of its 8-week value ({F(f.FinalTrkbOccupancy)}) after {T(f.TimeToHalfFinalTrkbOccupancyHours)}; " +
                    $"50 % occupancy: {T(f.TimeTo50PercentTrkbEngagementHours)}. Occupancy at 1 week {F(r.At(flx, "occupancy_TRKB", Week))}, at 4 weeks {F(r.At(flx, "occupancy_TRKB", 4 * Week))}.",
                    $"Ketamine (single infusion): TRKB occupancy peaks at {F(k.MaxTrkbOccupancy)}, {T(kPeakT)} after the start of the infusion, " +
                    $"and is {F(r.At(ket, "occupancy_TRKB", Day))} at 24 h.",
                    $"Time to peak TRKB engagement: fluoxetine {T(r.TimeOfMax(flx, "occupancy_TRKB"))} (occupancy {r.Trend(flx, "occupancy_TRKB")}) vs ketamine {T(kPeakT)}.",
                    $"Onset (MADRS 20 % below baseline {F(f.OutcomeBaseline)}): fluoxetine {T(f.OnsetHours)}, ketamine single {T(k.OnsetHours)}, " +
                    $"ketamine weekly {T(kw.OnsetHours)}, no drug {T(r.Summary(none).OnsetHours)}.",
                    $"MADRS at 24 h: fluoxetine {F(r.At(flx, "madrs", Day))}, ketamine {F(r.At(ket, "madrs", Day))}; " +
                    $"at 8 weeks: fluoxetine {F(f.OutcomeFinal)}, ketamine single {F(k.OutcomeFinal)}, ketamine weekly {F(kw.OutcomeFinal)}, no drug {F(r.Summary(none).OutcomeFinal)}.",
                    $"Peak rise of TRKB signalling: fluoxetine {F(r.Rise(flx, "trkb_signal"))}, ketamine single {F(r.Rise(ket, "trkb_signal"))}, weekly {F(r.Rise(ketWeekly, "trkb_signal"))} (relative to baseline 1).",
                    $"The single ketamine infusion lowers MADRS by {F(k.OutcomeBaseline - r.At(ket, "madrs", Day))} points at 24 h, " +
                    $"{F(k.OutcomeBaseline - r.At(ket, "madrs", Week))} at 1 week and {F(k.OutcomeBaseline - r.At(ket, "madrs", 2 * Week))} at 2 weeks, with TRKB occupancy " +
                    $"{F(r.At(ket, "occupancy_TRKB", Day))} at 24 h; fluoxetine lowers MADRS by {F(f.OutcomeBaseline - r.At(flx, "madrs", Day))} points at 24 h, " +
                    $"{F(f.OutcomeBaseline - r.At(flx, "madrs", 2 * Week))} at 2 weeks and {F(f.OutcomeBaseline - f.OutcomeFinal)} at 8 weeks (MADRS {r.Trend(flx, "madrs")}).",
                ];
            },
        };
    }

    public static ScenarioDefinition Imipramine()
    {
        const string imi = "imipramine 150 mg oral daily", none = "no drug";
        return new ScenarioDefinition
        {
            Name = "imipramine",
            Title = "Imipramine (tricyclic) and its metabolite desipramine",
            Description = "The tricyclic imipramine, 150 mg oral daily for 8 weeks (a usual adult dose), forms desipramine; both " +
                "block SERT and NET and bind TRKB. Compared with no drug: exposure against the therapeutic trough range, target " +
                "occupancies, TRKB engagement and mood.",
            Runs =
            [
                new(imi, Human("imipramine 150mg oral every 24h for 8w"), 8 * Week, 1),
                new(none, Human(), 8 * Week, 6),
            ],
            KeyOutputs = Outputs("occupancy_SERT", "occupancy_NET", "occupancy_TRKB", "trkb_signal", "plasticity", "madrs"),
            Compare = r =>
            {
                var s = r.Summary(imi);
                double trough = s.Series["plasma_imipramine_ng_per_mL"].Trough + s.Series["plasma_desipramine_ng_per_mL"].Trough;
                return
                [
                    $"Imipramine + desipramine plasma trough at 8 weeks: {F(trough)} ng/mL (therapeutic trough range 175-300 ng/mL, Marshfield Labs TDM).",
                    $"Occupancy at 8 weeks: SERT {Pct(r.Final(imi, "occupancy_SERT"))}, NET {Pct(r.Final(imi, "occupancy_NET"))}, TRKB {Pct(s.FinalTrkbOccupancy)}.",
                    $"TRKB occupancy reaches half of its 8-week value after {T(s.TimeToHalfFinalTrkbOccupancyHours)}.",
                    $"Onset (MADRS -20 %): {T(s.OnsetHours)}; MADRS at 8 weeks {F(s.OutcomeFinal)} vs {F(r.Summary(none).OutcomeFinal)} without drug.",
                ];
            },
        };
    }

    public static ScenarioDefinition Esketamine()
    {
        const string e56 = "esketamine 56 mg intranasal twice weekly", e84 = "esketamine 84 mg intranasal twice weekly", none = "no drug";
        return new ScenarioDefinition
        {
            Name = "esketamine",
            Title = "Esketamine nasal spray, 56 and 84 mg twice weekly",
            Description = "Induction phase of intranasal esketamine (Spravato): 56 or 84 mg twice weekly (every 3.5 days) for " +
                "4 weeks. Compared: plasma peaks, NMDA and TRKB occupancy, accumulation, mood.",
            Runs =
            [
                new(e56, Human("esketamine 56mg intranasal every 84h for 4w"), 4 * Week, 0.05),
                new(e84, Human("esketamine 84mg intranasal every 84h for 4w"), 4 * Week, 0.05),
                new(none, Human(), 4 * Week, 6),
            ],
            KeyOutputs = Outputs("plasma_esketamine_ng_per_mL", "occupancy_NMDA", "occupancy_TRKB", "trkb_signal", "madrs"),
            Compare = r =>
            {
                string Dose(string label)
                {
                    var s = r.Summary(label);
                    var first = r[label];
                    var (tp, peak, _, _) = TrkbSim.Pharmacology.Runs.TimeSeries.Extremes(first.Times, first.Column("plasma_esketamine_ng_per_mL"), 0, 84);
                    var last = s.Series["plasma_esketamine_ng_per_mL"];
                    return $"{label}: first-dose Cmax {F(peak)} ng/mL at {T(tp)}, last-dose Cmax {F(last.Peak)} ng/mL " +
                        $"(accumulation ratio {F(last.Peak / peak)}); peak NMDA occupancy {Pct(r.Max(label, "occupancy_NMDA"))}, " +
                        $"peak TRKB occupancy {Pct(s.MaxTrkbOccupancy)}; MADRS at 24 h {F(r.At(label, "madrs", Day))}, at 4 weeks {F(s.OutcomeFinal)}; onset {T(s.OnsetHours)}.";
                }
                return
                [
                    Dose(e56),
                    Dose(e84),
                    $"84 vs 56 mg: peak TRKB occupancy ratio {F(r.Summary(e84).MaxTrkbOccupancy / r.Summary(e56).MaxTrkbOccupancy)}; no drug MADRS at 4 weeks {F(r.Summary(none).OutcomeFinal)}.",
                    "The label reports no accumulation with twice-weekly dosing (accumulation ratio near 1).",
                ];
            },
        };
    }

    public static ScenarioDefinition Psychedelic()
    {
        const string psi = "psilocybin 25 mg (psilocin 17.97 mg) oral, single", lsd = "LSD 100 ug oral, single", none = "no drug";
        return new ScenarioDefinition
        {
            Name = "psychedelic",
            Title = "Psychedelics: a single dose of psilocybin or LSD",
            Description = "Psilocin and LSD bind the TRKB pocket about 1,000-fold more tightly than other antidepressants " +
                "(Moliner 2023). A single oral dose (psilocybin 25 mg given as the equivalent 17.97 mg psilocin; LSD 100 ug), " +
                "followed for 4 weeks. Compared: TRKB engagement, plasticity and mood after one dose.",
            Runs =
            [
                new(psi, Human("psilocin 17.97mg oral"), 4 * Week, 0.1),
                new(lsd, Human("lsd 100ug oral"), 4 * Week, 0.1),
                new(none, Human(), 4 * Week, 6),
            ],
            KeyOutputs = Outputs("occupancy_TRKB", "trkb_signal", "plasticity", "network_state", "madrs"),
            Compare = r =>
            [
                .. new[] { psi, lsd }.Select(label =>
                    $"{label}: peak TRKB occupancy {Pct(r.Summary(label).MaxTrkbOccupancy)} at {T(r.TimeOfMax(label, "occupancy_TRKB"))}; " +
                    $"peak TRKB signalling rise {F(r.Rise(label, "trkb_signal"))}; peak plasticity {F(r.Max(label, "plasticity"))} at {T(r.TimeOfMax(label, "plasticity"))}; " +
                    $"MADRS at 1 day {F(r.At(label, "madrs", Day))}, 1 week {F(r.At(label, "madrs", Week))}, 4 weeks {F(r.Summary(label).OutcomeFinal)}."),
                $"No drug: MADRS {F(r.Summary(none).OutcomeFinal)} at 4 weeks.",
            ],
        };
    }

    public static ScenarioDefinition NewCompound()
    {
        var library = ExampleCompounds.Library("fast_ssri.json");
        const string fast = "hypothetical fast SSRI 20 mg oral daily", flx = "fluoxetine 20 mg oral daily";
        return new ScenarioDefinition
        {
            Name = "new-compound",
            Title = "A user-defined compound: a hypothetical fast-equilibrating SSRI",
            Description = "A compound defined in a user file (examples/compounds/fast_ssri.json; every PK value and affinity " +
                "there is ASSUMED, it is not a real drug): an SSRI like fluoxetine in SERT and TRKB affinity and brain partition, " +
                "but with a 24-h plasma half-life and a brain that equilibrates within hours. Question: what does the same " +
                "20 mg daily regimen engage, and by when?",
            Library = library,
            Runs =
            [
                new(fast, Settings(Organism.Human, library, "fast_ssri 20mg oral every 24h for 6w"), 6 * Week, 1),
                new(flx, Settings(Organism.Human, library, "fluoxetine 20mg oral every 24h for 6w"), 6 * Week, 1),
            ],
            KeyOutputs = Outputs("occupancy_SERT", "occupancy_TRKB", "trkb_signal", "plasticity", "madrs"),
            Compare = r =>
            [
                .. new[] { fast, flx }.Select(label =>
                {
                    var s = r.Summary(label);
                    return $"{label}: TRKB occupancy at 6 weeks {Pct(s.FinalTrkbOccupancy)}, half of it after {T(s.TimeToHalfFinalTrkbOccupancyHours)}, " +
                        $"50 % occupancy {T(s.TimeTo50PercentTrkbEngagementHours)}; SERT occupancy at 1 day {Pct(r.At(label, "occupancy_SERT", Day))}; " +
                        $"onset (MADRS -20 %) {T(s.OnsetHours)}; MADRS at 6 weeks {F(s.OutcomeFinal)}.";
                }),
                $"Speed-up of TRKB engagement (time to half of the 6-week occupancy, fluoxetine / fast SSRI): " +
                $"{F((r.Summary(flx).TimeToHalfFinalTrkbOccupancyHours ?? double.NaN) / (r.Summary(fast).TimeToHalfFinalTrkbOccupancyHours ?? double.NaN))}-fold.",
            ],
        };
    }
}
