using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Mechanism;
using TrkbSim.Pharmacology.Regimens;
using TrkbSim.Pharmacology.Runs;
using Xunit.Abstractions;

namespace TrkbSim.Pharmacology.Tests.Invariants;

/// <summary>
/// What must hold for every compound in the library at both ends of its clinical dose range, and for both species:
/// the clinical time course of monoaminergic antidepressants and of ketamine-type drugs, the mouse time course, the
/// Y433F phenotype and exercise. A compound added to the library is tested by these without a new test.
/// </summary>
public class LibraryInvariantTests(ITestOutputHelper output)
{
    static readonly CompoundLibrary Library = CompoundLibrary.LoadDefault();
    const double Day = 24, Week = 168;

    static bool IsMonoaminergic(Compound c) => c.Class.StartsWith("SSRI", StringComparison.Ordinal)
        || c.Class.StartsWith("SNRI", StringComparison.Ordinal) || c.Class.StartsWith("TCA", StringComparison.Ordinal);

    static bool IsRapidActing(Compound c) => c.Class.Contains("rapid-acting", StringComparison.Ordinal);

    public static TheoryData<string, string> MonoaminergicDoses() => Doses(IsMonoaminergic);
    public static TheoryData<string, string> RapidDoses() => Doses(IsRapidActing);

    static TheoryData<string, string> Doses(Func<Compound, bool> which)
    {
        var data = new TheoryData<string, string>();
        foreach (var c in Library.Compounds.Where(c => which(c) && c.ClinicalDose is not null))
        {
            data.Add(c.Id, "low");
            if (c.ClinicalDose!.High.Value != c.ClinicalDose.Low.Value) data.Add(c.Id, "high");
        }
        return data;
    }

    static RegimenResult Run(MechanismSettings settings, double hours, double step = 6) => RegimenRunner.Run(settings, hours, step);

    static MechanismSettings Human(string regimen) => new()
    {
        Regimens = [RegimenParser.Parse(regimen, Library, Organism.Human)],
    };

    static readonly Lazy<RegimenResult> NoDrugEightWeeks = new(() => Run(new MechanismSettings(), 8 * Week));

    [Fact]
    public void EveryAntidepressantThatIsNotAMetaboliteHasAClinicalDoseRange()
    {
        var missing = Library.Compounds.Where(c => (IsMonoaminergic(c) || IsRapidActing(c)) && c.Parent is null && c.ClinicalDose is null).Select(c => c.Id).ToList();
        Assert.True(missing.Count == 0, $"no clinical_dose for: {string.Join(", ", missing)}");
        Assert.True(MonoaminergicDoses().Count >= 10 && RapidDoses().Count >= 2);
    }

    [Theory]
    [MemberData(nameof(MonoaminergicDoses))]
    public void MonoaminergicDrugsTakeAWeekOrMoreToHalveMadrsAndSeparateFromNoDrugByWeekEight(string id, string end)
    {
        var dose = Library.Get(id).ClinicalDose!;
        string regimen = dose.RegimenText(id, end == "low" ? dose.Low.Value : dose.High.Value, "8w");
        var r = Run(Human(regimen), 8 * Week);
        double[] madrs = r.Column("madrs");
        double? t50 = TimeSeries.FirstTimeAtOrBelow(r.Times, madrs, 0.5 * madrs[0]);
        double separation = NoDrugEightWeeks.Value.At("madrs", 8 * Week) - r.At("madrs", 8 * Week);
        output.WriteLine($"{regimen}: MADRS {madrs[0]:F1} -> d7 {r.At("madrs", 7 * Day):F1}, w8 {madrs[^1]:F1}; 50 % at {(t50 is { } t ? $"{t / Day:F1} d" : "never")}; separation from no drug {separation:F2}");
        Assert.True(t50 is null || t50 >= 7 * Day, $"{regimen}: 50 % MADRS reduction already at {t50 / Day:F1} d");
        // Two MADRS points: the size of a typical drug-placebo difference in 8-week trials.
        Assert.True(separation >= 2, $"{regimen}: only {separation:F2} MADRS points below no drug at week 8");
    }

    [Theory]
    [MemberData(nameof(RapidDoses))]
    public void KetamineTypeDrugsActWithinADayAndFadeWithinAboutTwoWeeksOfOneDose(string id, string end)
    {
        var dose = Library.Get(id).ClinicalDose!;
        string regimen = dose.RegimenText(id, end == "low" ? dose.Low.Value : dose.High.Value, period: null);
        var r = Run(Human(regimen), 3 * Week, 1);
        double baseline = r.Column("madrs")[0];
        double Effect(double h) => 1 - r.At("madrs", h) / baseline;
        double peak = r.Times.Where(t => t <= 3 * Day).Max(Effect);
        output.WriteLine($"{regimen}: reduction 4 h {Effect(4):P0}, 24 h {Effect(Day):P0}, 7 d {Effect(7 * Day):P0}, 14 d {Effect(14 * Day):P0}; peak {peak:P0}");
        Assert.True(Effect(Day) >= RegimenSummarizer.OnsetFraction, $"{regimen}: only {Effect(Day):P0} lower at 24 h");
        Assert.True(Effect(14 * Day) < 0.25 * peak, $"{regimen}: {Effect(14 * Day):P0} still at 14 d (peak {peak:P0})");
    }

    // --- mice ---------------------------------------------------------------------------------------------------

    static MechanismSettings Mouse(string regimen, Genotype genotype = Genotype.WildType) => new()
    {
        Species = Organism.Mouse,
        Genotype = genotype,
        Regimens = regimen.Length == 0 ? [] : [RegimenParser.Parse(regimen, Library, Organism.Mouse)],
    };

    /// <summary>Chronic oral fluoxetine in mice: drinking water as in Casarotto 2021, and daily oral dosing.</summary>
    public static TheoryData<string> ChronicOralFluoxetine() =>
    [
        "fluoxetine 0.08mg/mL drinking-water for 3w",
        "fluoxetine 10mg/kg oral every 24h for 3w",
    ];

    [Theory]
    [MemberData(nameof(ChronicOralFluoxetine))]
    public void InMiceChronicOralFluoxetineTakesAtLeastAWeekToMoveBehaviourHalfwayToItsThreeWeekValue(string regimen)
    {
        var r = Run(Mouse(regimen), 3 * Week, 2);
        double[] b = r.Column("behavior_score");
        double change = b[0] - b[^1];
        Assert.True(change > 0.05, $"{regimen}: behaviour moved only {change:F3} in 3 weeks");
        double? half = TimeSeries.FirstTimeAtOrBelow(r.Times, b, b[0] - 0.5 * change);
        output.WriteLine($"{regimen}: behaviour {b[0]:F3} -> {b[^1]:F3}; halfway at {half / Day:F1} d");
        Assert.True(half >= 7 * Day, $"{regimen}: halfway at {half / Day:F1} d");
    }

    /// <summary>Behavioural effect of a drug in one genotype: untreated minus treated score of that genotype at <paramref name="hours"/>.</summary>
    static double DrugEffect(string regimen, Genotype g, double hours) =>
        Run(Mouse("", g), hours, 2).At("behavior_score", hours) - Run(Mouse(regimen, g), hours, 2).At("behavior_score", hours);

    public static TheoryData<string, double> MouseDrugEffects() => new()
    {
        { "fluoxetine 0.08mg/mL drinking-water for 3w", 3 * Week },
        { "ketamine 10mg/kg ip", Day },
    };

    [Theory]
    [MemberData(nameof(MouseDrugEffects))]
    public void Y433FHeterozygousMiceLoseMostOfTheDrugsBehaviouralEffectAndHomozygousMiceAllOfIt(string regimen, double hours)
    {
        double wt = DrugEffect(regimen, Genotype.WildType, hours);
        double het = DrugEffect(regimen, Genotype.Heterozygous, hours);
        double hom = DrugEffect(regimen, Genotype.Homozygous, hours);
        output.WriteLine($"{regimen} at {hours / Day:F0} d: effect wt {wt:F4}, het {het:F4} ({het / wt:P0}), hom {hom:F4} ({hom / wt:P0})");
        Assert.True(wt > 0.05, $"{regimen}: wild-type effect {wt:F4}");
        Assert.True(het < 0.5 * wt, $"{regimen}: heterozygous keeps {het / wt:P0} of the effect");
        Assert.True(Math.Abs(hom) < 0.05 * wt, $"{regimen}: homozygous keeps {hom / wt:P0} of the effect");
    }

    [Fact]
    public void Y433FLeavesBdnfSignallingIntact()
    {
        // The mutation removes the drug pocket, not BDNF binding: baseline signalling and the rise with more BDNF
        // (exercise raises BDNF synthesis) are those of the wild type.
        foreach (var species in new[] { Organism.Mouse, Organism.Human })
        {
            var wt = Run(new MechanismSettings { Species = species, Exercise = true }, 8 * Week, 12);
            foreach (var g in new[] { Genotype.Heterozygous, Genotype.Homozygous })
            {
                var mutant = Run(new MechanismSettings { Species = species, Exercise = true, Genotype = g }, 8 * Week, 12);
                Assert.Equal(wt.Column("trkb_signal")[0], mutant.Column("trkb_signal")[0], 6);
                double riseWt = wt.Column("trkb_signal").Max() - 1, riseMutant = mutant.Column("trkb_signal").Max() - 1;
                output.WriteLine($"{species} {g}: BDNF-driven signalling rise {riseMutant:F4} vs wild type {riseWt:F4}");
                Assert.True(riseWt > 0.05);
                Assert.InRange(riseMutant, 0.95 * riseWt, 1.05 * riseWt);
            }
        }
    }

    [Theory]
    [InlineData("human")]
    [InlineData("mouse")]
    public void ExerciseAloneImprovesMoodOverWeeksNotHours(string species)
    {
        var organism = species == "human" ? Organism.Human : Organism.Mouse;
        var r = Run(new MechanismSettings { Species = organism, Exercise = true }, 8 * Week, 6);
        string outcome = r.OutcomeColumn;
        double[] y = r.Column(outcome);
        double total = y[0] - y[^1];
        double? half = TimeSeries.FirstTimeAtOrBelow(r.Times, y, y[0] - 0.5 * total);
        output.WriteLine($"{species} exercise: {outcome} {y[0]:F3} -> 1 d {r.At(outcome, Day):F3}, 8 w {y[^1]:F3}; half of the 8-week change at {half / Day:F1} d");
        Assert.True(total > 0.03 * y[0], $"exercise changes {outcome} by only {total:F3} in 8 weeks");
        Assert.True(y[0] - r.At(outcome, Day) < 0.1 * total, "most of the change must not come within the first day");
        Assert.True(half >= 7 * Day, $"half of the 8-week change at {half / Day:F1} d");
    }
}
