using Xunit.Abstractions;

namespace TrkbSim.Pharmacology.Tests.Core.Claims;

/// <summary>BDNF layer: exercise, stress, the optional fast ketamine-induced synthesis, and the placebo term.</summary>
public sealed class BdnfClaimTests(ITestOutputHelper output)
{
    private static Dictionary<string, double> S(params (string Id, double Value)[] settings) =>
        settings.ToDictionary(s => s.Id, s => s.Value);

    [Fact]
    public void ExerciseRaisesAndStressLowersBdnf()
    {
        double exercise = CoreHarness.Run(48, settings: S(("exercise", 1))).At("bdnf", 48);
        double stress = CoreHarness.Run(48, settings: S(("stress", 1))).At("bdnf", 48);
        output.WriteLine($"bdnf at 48 h: exercise {exercise:F3}, stress {stress:F3}");
        Assert.InRange(exercise, 1.3, 1.8);
        Assert.InRange(stress, 0.5, 0.9);
    }

    [Fact]
    public void KetamineBdnfSynthesisActsOnlyWhenSwitchedOnAndWithinHours()
    {
        double off = CoreHarness.Run(24, occupancyNmda: 0.5, step: 0.25).At("bdnf", 3);
        var on = CoreHarness.Run(24, occupancyNmda: 0.5, settings: S(("ketamine_bdnf_synthesis", 1)), step: 0.25);
        output.WriteLine($"bdnf at 3 h with NMDA occupancy 0.5: hypothesis off {off:F4}, on {on.At("bdnf", 3):F4}");
        Assert.Equal(1.0, off, 6);
        Assert.True(on.At("bdnf", 3) > 1.3, "NMDA block should raise BDNF within hours when the hypothesis is on");
    }

    [Fact]
    public void PlaceboTermIsZeroByDefaultAndBuildsOverWeeks()
    {
        double none = CoreHarness.Run(6 * 168, step: 24).At("madrs", 6 * 168);
        var placebo = CoreHarness.Run(6 * 168, settings: S(("placebo", 1)), step: 24);
        output.WriteLine($"MADRS without drug at 6 weeks: no placebo {none:F2}, placebo 1: 1 w {placebo.At("madrs", 168):F2}, 6 w {placebo.At("madrs", 6 * 168):F2}");
        Assert.Equal(30.0, none, 6);
        // placebo_madrs: a mean placebo-arm improvement of 8 HAM-D17 points (Stone 2022) is ~10.4 MADRS points
        Assert.InRange(30 - placebo.At("madrs", 6 * 168), 9, 12);
        Assert.True(placebo.At("madrs", 168) > placebo.At("madrs", 6 * 168) + 2);
    }

    [Fact]
    public void ExpectationActsOnTheSymptomsTheNetworkLeaves()
    {
        // Independent action: MADRS(drug + placebo) = MADRS(drug) x MADRS(placebo) / baseline, less than additive.
        const double end = 6 * 168;
        double drug = CoreHarness.Run(end, new DrugLoad(10), occupancySert: 0.8, step: 24).At("madrs", end);
        double placebo = CoreHarness.Run(end, settings: S(("placebo", 1)), step: 24).At("madrs", end);
        double both = CoreHarness.Run(end, new DrugLoad(10), occupancySert: 0.8, settings: S(("placebo", 1)), step: 24).At("madrs", end);
        output.WriteLine($"MADRS at 6 weeks: drug {drug:F2}, placebo {placebo:F2}, both {both:F2}");
        Assert.True(drug < 28 && placebo < 28, "both components should improve the score on their own");
        Assert.Equal(drug * placebo / 30.0, both, 6);
        Assert.True(30 - both < (30 - drug) + (30 - placebo) - 1, "the two improvements should overlap, not add");
    }

    [Fact]
    public void ZeroBaselineGivesZeroNotANumber()
    {
        var run = CoreHarness.Run(168, settings: S(("placebo", 1), ("madrs_baseline", 0)), step: 24);
        Assert.Equal(0.0, run.At("madrs", 168));
        Assert.Equal(0.0, run.At("madrs", 0));
    }
}
