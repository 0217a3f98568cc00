using TrkbSim.Pharmacology.Mechanism;
using TrkbSim.Pharmacology.Runs;
using TrkbSim.Pharmacology.Validation;

namespace TrkbSim.Pharmacology.Tests.Validation;

/// <summary>Readouts on curves with known answers.</summary>
public class ReadoutEvaluatorTests
{
    /// <summary>y = 100 exp(-ln2 t / 5) sampled every 0.01 h to 40 h; z = 1 + t.</summary>
    static RegimenResult Table()
    {
        double[] t = [.. Enumerable.Range(0, 4001).Select(i => i * 0.01)];
        double[] y = [.. t.Select(x => 100 * Math.Exp(-Math.Log(2) * x / 5))];
        double[] z = [.. t.Select(x => 1 + x)];
        return new RegimenResult(new MechanismSettings(), [], ["time_h", "y", "z"], [t, y, z]);
    }

    static RegimenResult Table(double[] t, double[] madrs) => new(new MechanismSettings(), [], ["time_h", "madrs"], [t, madrs]);

    static double? Eval(string kind, Func<Readout, Readout>? with = null, params string[] columns) =>
        ReadoutEvaluator.Evaluate((with ?? (r => r))(new Readout(kind, [.. columns.DefaultIfEmpty("y")])), Table());

    [Fact]
    public void ValueMaxMeanAndAreaOfAnExponential()
    {
        Assert.Equal(50, Eval("value_at", r => r with { AtHours = 5 })!.Value, 9);
        Assert.Equal(100, Eval("max")!.Value, 12);
        double auc = 100 * 5 / Math.Log(2) * (1 - Math.Pow(0.5, 8));
        Assert.Equal(auc, Eval("auc", r => r with { FromHours = 0, ToHours = 40 })!.Value, 1e-4 * auc);
        Assert.Equal(auc / 40, Eval("mean", r => r with { FromHours = 0, ToHours = 40 })!.Value, 1e-4 * auc / 40);
    }

    [Fact]
    public void TimesAndRatios()
    {
        Assert.Equal(5, Eval("half_life", r => r with { FromHours = 2, ToHours = 30 })!.Value, 9);
        Assert.Equal(5, Eval("time_to_level_below", r => r with { Level = 50 })!.Value, 6);
        Assert.Equal(10, Eval("time_to_reduction", r => r with { Fraction = 0.75 })!.Value, 6);
        Assert.Equal(75, Eval("percent_reduction_at", r => r with { AtHours = 10 })!.Value, 6);
        Assert.Equal(0.25, Eval("peak_ratio", r => r with { FromHours = 0, ToHours = 1, From2Hours = 10, To2Hours = 20 })!.Value, 9);
        Assert.Equal(50.0 / 6, Eval("ratio_at", r => r with { AtHours = 5, Denominator = ["z"] })!.Value, 9);
        // z = 1 + t reaches 90 % of its value at 20 h (18.9) at t = 17.9 h; sampled every 4 h, interpolated between samples.
        Assert.Equal(17.9, Eval("time_to_fraction", r => r with { Fraction = 0.9, RefHours = 20 }, "z")!.Value, 6);
        Assert.Equal(17.9, Eval("time_to_fraction", r => r with { Fraction = 0.9, RefHours = 20, SampleEveryHours = 4 }, "z")!.Value, 6);
        Assert.Equal(0, Eval("time_of_max")!.Value);
        Assert.Null(Eval("time_to_level_below", r => r with { Level = -1 }));
    }

    [Fact]
    public void MissingFieldsAndUnknownKindsAreReported()
    {
        var e = Assert.Throws<PharmacologyInputException>(() => Eval("value_at"));
        Assert.Contains("at_h", e.Message);
        e = Assert.Throws<PharmacologyInputException>(() => Eval("nonsense"));
        Assert.Contains("time_of_max", e.Message);
        Assert.Throws<PharmacologyInputException>(() => ReadoutEvaluator.HoursPer("fortnights"));
    }

    [Fact]
    public void ObservationFileErrorsNameTheObservation()
    {
        const string head = "{\"format\":\"trkbsim-observations/2\",\"observations\":[";
        var e = Assert.Throws<PharmacologyInputException>(() => ObservationFile.Parse(head + "{\"id\":\"a\"}]}", "t.json"));
        Assert.Contains("'a'", e.Message);
        e = Assert.Throws<PharmacologyInputException>(() => ObservationFile.Parse("{\"format\":\"x\"}", "t.json"));
        Assert.Contains("format", e.Message);
        e = Assert.Throws<PharmacologyInputException>(() => ObservationFile.Parse(head + "{\"id\":\"a\",\"bogus\":1}]}", "t.json"));
        Assert.Contains("t.json", e.Message);
        // Every observation says what it is for; relative readouts need their reference run.
        const string body = "{\"id\":\"b\",\"description\":\"d\",\"source\":\"s\",\"quote\":\"q\",\"species\":\"human\",\"regimens\":[],"
            + "\"duration_h\":1,\"step_h\":1,\"readout\":{\"kind\":\"KIND\",\"columns\":[\"madrs\"],\"at_h\":1},\"observed\":{\"value\":1,\"unit\":\"%\"}USE}]}";
        e = Assert.Throws<PharmacologyInputException>(() => ObservationFile.Parse(head + body.Replace("KIND", "value_at").Replace("USE", ""), "t.json"));
        Assert.Contains("observation 'b': 'use' is required: calibration (it set a model parameter) or validation (it set none)", e.Message);
        e = Assert.Throws<PharmacologyInputException>(() => ObservationFile.Parse(head + body.Replace("KIND", "value_at").Replace("USE", ",\"use\":\"fit\""), "t.json"));
        Assert.Contains("'use' is 'fit'; allowed: calibration, validation", e.Message);
        e = Assert.Throws<PharmacologyInputException>(() => ObservationFile.Parse(head + body.Replace("KIND", "effect_ratio_at").Replace("USE", ",\"use\":\"validation\""), "t.json"));
        Assert.Contains("readout 'effect_ratio_at' needs a 'reference' run", e.Message);
        var ok = ObservationFile.Parse(head + body.Replace("KIND", "value_at").Replace("USE", ",\"use\":\"validation\""), "t.json");
        Assert.Equal(ObservationUse.Validation, ok.Observations[0].Use);
        Assert.Equal("no drug", ok.Observations[0].Group);
    }

    [Fact]
    public void EffectReadoutsCompareFallsFromBaseline()
    {
        // Two hand-made tables: outcome falls 30 -> 20 by 10 h in the run, 30 -> 25 in the reference.
        var run = Table([0, 5, 10], [30, 24, 20]);
        var reference = Table([0, 5, 10], [30, 28, 25]);
        Assert.Equal(10.0 / 5.0, ReadoutEvaluator.Evaluate(new Readout("effect_ratio_at", ["madrs"]) { AtHours = 10 }, run, reference)!.Value, 12);
        Assert.Equal(6.0 / 10.0, ReadoutEvaluator.Evaluate(new Readout("effect_fraction_at", ["madrs"]) { AtHours = 5, RefHours = 10 }, run)!.Value, 12);
        Assert.Equal(5.0, ReadoutEvaluator.Evaluate(new Readout("reference_difference_at", ["madrs"]) { AtHours = 10 }, run, reference)!.Value, 12);
        Assert.Equal(20.0 / 25.0, ReadoutEvaluator.Evaluate(new Readout("reference_ratio_at", ["madrs"]) { AtHours = 10 }, run, reference)!.Value, 12);
        Assert.Equal(20.0 / 30.0, ReadoutEvaluator.Evaluate(new Readout("value_ratio_at", ["madrs"]) { AtHours = 10, RefHours = 0 }, run)!.Value, 12);
        // Half the 10-h effect (5 points) is reached at 5 * 5/6 h on the linear first segment.
        Assert.Equal(5 * 5.0 / 6, ReadoutEvaluator.Evaluate(new Readout("time_to_effect_fraction", ["madrs"]) { Fraction = 0.5, RefHours = 10 }, run)!.Value, 9);
        Assert.Throws<PharmacologyInputException>(() => ReadoutEvaluator.Evaluate(new Readout("effect_ratio_at", ["madrs"]) { AtHours = 10 }, run));
    }
}
