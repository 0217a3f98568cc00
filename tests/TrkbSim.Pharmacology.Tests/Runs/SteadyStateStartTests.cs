using TrkbSim.Pharmacology.Compounds;
using TrkbSim.Pharmacology.Mechanism;
using TrkbSim.Pharmacology.Regimens;
using TrkbSim.Pharmacology.Runs;

namespace TrkbSim.Pharmacology.Tests.Runs;

/// <summary>
/// Runs that start at the regimen's periodic steady state agree with the state long dosing from drug-free reaches,
/// repeat themselves period after period, and refuse regimens that have no steady state to start from.
/// </summary>
public class SteadyStateStartTests
{
    static MechanismSettings Settings(Organism species, params string[] regimens) => new()
    {
        Species = species,
        Regimens = [.. regimens.Select(r => RegimenParser.Parse(r, CompoundLibrary.LoadDefault(), species))],
    };

    static RegimenResult Run(MechanismSettings settings, double hours, double step, bool steadyState) =>
        RegimenRunner.Run(settings, new RegimenRunOptions { DurationHours = hours, OutputStepHours = step, SteadyStateStart = steadyState });

    static void Close(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected) + 1e-9, $"{what}: {actual}, expected {expected}");

    [Fact]
    public void DailyFluoxetineStartsWhereAYearOfDosingEnds()
    {
        // Fluoxetine and norfluoxetine accumulate over weeks and the mood layers settle over months: a year of daily
        // doses from drug-free comes to the periodic steady state, trough for trough, in every layer.
        const string regimen = "fluoxetine 20mg oral every 24h for 60w";
        var steady = Run(Settings(Organism.Human, regimen), 48, 24, steadyState: true);
        var year = Run(Settings(Organism.Human, regimen), 365 * 24, 24, steadyState: false);
        foreach (string column in new[] { "plasma_fluoxetine_nM", "plasma_norfluoxetine_nM", "brain_membrane_fluoxetine_nM", "occupancy_TRKB", "madrs" })
        {
            Close(year.Column(column)[^1], steady.Column(column)[0], 1e-4, column + " at the start vs after a year");
            // Periodic: the trough two days later is the starting one.
            Close(steady.Column(column)[0], steady.Column(column)[^1], 1e-6, column + " one period on");
        }
        var info = steady.SteadyStateStart!;
        Assert.Equal(24, info.PeriodHours);
        Assert.InRange(info.MaxFloquetMultiplier!.Value, 0, 1);
        Assert.True(info.Residual <= 1);
    }

    [Fact]
    public void TwoIntervalsCombineIntoTheirCommonPeriodAndAMissedDoseLowersTheTrough()
    {
        var settings = Settings(Organism.Human, "venlafaxine 75mg oral every 12h for 3d skip 3", "fluoxetine 20mg oral every 8h for 3d");
        Assert.Equal(24, SteadyStateStart.PeriodHours(settings.Regimens));
        var r = Run(settings, 72, 1, steadyState: true);
        Assert.Equal(24, r.SteadyStateStart!.PeriodHours);
        // Venlafaxine's half-life is hours: without its third dose (24 h) the level at 36 h is far below the steady trough.
        var venlafaxine = r.Column("plasma_venlafaxine_nM");
        Assert.True(venlafaxine[36] < 0.5 * venlafaxine[12], $"36 h {venlafaxine[36]} vs 12 h {venlafaxine[12]}");
    }

    [Fact]
    public void MouseDrinkingWaterHasAPeriodicStateToo()
    {
        var r = Run(Settings(Organism.Mouse, "fluoxetine 0.08mg/mL drinking-water"), 48, 24, steadyState: true);
        Close(r.Column("plasma_fluoxetine_nM")[0], r.Column("plasma_fluoxetine_nM")[^1], 1e-6, "drinking water, two days on");
        Assert.True(r.Column("plasma_fluoxetine_nM")[0] > 1, "drug at the start");
    }

    [Theory]
    [InlineData("ketamine 0.5mg/kg infusion:40min", "not repeated")]
    [InlineData("fluoxetine 20mg oral every 24h for 2w from 12h", "starts at 12 h")]
    [InlineData("fluoxetine 20mg oral every 7.5h for 2w", "at most 672 h")]
    public void RegimensWithoutAPeriodicPatternFromTimeZeroAreRefused(string regimen, string message)
    {
        var e = Assert.Throws<PharmacologyInputException>(() => Run(Settings(Organism.Human, regimen, "fluoxetine 20mg oral every 7d for 2w"), 24, 1, steadyState: true));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UncertaintySamplesAndASteadyStateStartAreNotCombined()
    {
        var settings = Settings(Organism.Human, "fluoxetine 20mg oral every 24h for 2w");
        var e = Assert.Throws<PharmacologyInputException>(() =>
            UncertaintyRunner.Run(settings, new RegimenRunOptions { DurationHours = 48, SteadyStateStart = true }, 4, 1));
        Assert.Contains("cannot be combined", e.Message, StringComparison.Ordinal);
    }
}
