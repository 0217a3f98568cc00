using TrkbSim.Pharmacology.Compounds;
using static TrkbSim.Pharmacology.Tests.Compounds.TestCompounds;

namespace TrkbSim.Pharmacology.Tests.Compounds;

public class CompoundFileReaderTests
{
    static PharmacologyInputException Fails(string json) =>
        Assert.Throws<PharmacologyInputException>(() => CompoundLibrary.LoadDefault().With(CompoundFileReader.Parse(json, "user.json")));

    [Fact]
    public void MinimalFileParses()
    {
        var file = CompoundFileReader.Parse(File(Minimal("drug_a")), "user.json");
        var c = Assert.Single(file.Compounds);
        Assert.Equal(0.5, c.PkFor(Organism.Human)!.Bioavailability[AbsorptionRoute.Oral].Value);
        Assert.Single(c.Affinities); // "NMDA": null means "does not bind"
    }

    [Theory]
    [InlineData("\"unit\": \"L/kg\"", "\"unit\": \"L\"", "central_volume.unit': 'L' is not allowed here; use 'L/kg'")]
    [InlineData("\"status\": \"measured\"", "\"status\": \"guessed\"", "'guessed' is not allowed; allowed: measured, derived, assumed, calibrated")]
    [InlineData("\"source\": \"test\"", "\"source\": \"\"", "source': required")]
    [InlineData("\"quote\": \"q\", ", "", "a measured value needs a 'quote'")]
    [InlineData("\"note\": \"n\", ", "", "an assumed value needs a 'note'")]
    [InlineData("\"class\"", "\"klass\"", "unknown field 'klass'")]
    [InlineData("\"TRKB\"", "\"TRKB2\"", "unknown target; allowed: SERT, NET, NMDA, TRKB")]
    [InlineData("\"oral\"", "\"rectal\"", "unknown route; allowed: oral, intranasal, ip")]
    [InlineData("\"human\"", "\"dog\"", "unknown species; allowed: human, mouse")]
    [InlineData("\"id\": \"drug_a\"", "\"id\": \"Drug A\"", "expected lower-case letters")]
    public void BadFieldsAreNamedWithWhatIsAllowed(string from, string to, string expected)
    {
        string json = File(Minimal("drug_a"));
        int i = json.IndexOf(from, StringComparison.Ordinal);
        Assert.True(i >= 0, $"test setup: '{from}' not found");
        json = json[..i] + to + json[(i + from.Length)..];
        var e = Fails(json);
        Assert.Contains(expected, e.Message);
        Assert.StartsWith("user.json", e.Message);
    }

    [Fact]
    public void CompoundIsNamedInErrors()
    {
        var e = Fails(File(Minimal("drug_a", pkExtra: $", \"peripheral_volume\": {Value(3, "L/kg")}")));
        Assert.Contains("compound 'drug_a': field 'pk.human'", e.Message);
    }

    [Fact]
    public void OutOfRangeFractionIsRejected()
    {
        string json = File(Minimal("drug_a")).Replace("{\"value\": 0.1, \"unit\": \"fraction\"", "{\"value\": 1.5, \"unit\": \"fraction\"");
        var e = Fails(json);
        Assert.Contains("pk.human.fu_plasma.value': 1.5 is out of range", e.Message);
    }

    [Fact]
    public void UnknownParentIsRejected()
    {
        var e = Fails(File(Minimal("drug_a", compoundExtra: ", \"parent\": \"nothing\"")));
        Assert.Contains("field 'parent': unknown compound 'nothing'", e.Message);
    }

    [Fact]
    public void FractionFormedNeedsAParent()
    {
        var e = Fails(File(Minimal("drug_a", pkExtra: $", \"fraction_formed\": {Value(0.5, "fraction")}")));
        Assert.Contains("fraction_formed' needs a 'parent'", e.Message);
    }

    [Fact]
    public void FormationFractionsCannotExceedOne()
    {
        string m1 = Minimal("met_a", pkExtra: $", \"fraction_formed\": {Value(0.7, "fraction")}", compoundExtra: ", \"parent\": \"drug_a\"");
        string m2 = Minimal("met_b", pkExtra: $", \"fraction_formed\": {Value(0.6, "fraction")}", compoundExtra: ", \"parent\": \"drug_a\"");
        var e = Fails(File(Minimal("drug_a"), m1, m2));
        Assert.True(e.Message.Contains("sums to 1.3", StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public void StandInIsOnlyForMouse()
    {
        string json = File(Minimal("drug_a")).Replace("\"status\": \"measured\"}", "\"status\": \"measured\", \"stand_in\": \"rat\"}");
        var e = Fails(json);
        Assert.Contains("stand-in values are allowed only for mouse", e.Message);
    }

    [Fact]
    public void PeripheralVolumeNeedsIntercompartmentalClearance()
    {
        var e = Fails(File(Minimal("drug_a", pkExtra: $", \"peripheral_volume\": {Value(3, "L/kg")}")));
        Assert.Contains("peripheral_volume and intercompartmental_clearance must be given together", e.Message);
    }

    [Fact]
    public void BioavailabilityNeedsAnAbsorptionRate()
    {
        string json = File(Minimal("drug_a", pkExtra: $", \"intranasal_swallowed_fraction\": {Value(0.2, "fraction")}"));
        var e = Fails(json);
        Assert.Contains("needs bioavailability.intranasal", e.Message);
    }

    [Fact]
    public void HepaticExtractionMustLeaveRoomForTheBioavailability()
    {
        // F = 0.5 = fa * (1 - E_H) needs E_H <= 0.5 for fa <= 1.
        var e = Fails(File(Minimal("drug_a", pkExtra: $", \"hepatic_extraction\": {Value(0.6, "fraction")}")));
        Assert.Contains("hepatic_extraction': 0.6 leaves at most 0.4 of the dose after the liver, below bioavailability.oral = 0.5", e.Message);
        var ok = CompoundFileReader.Parse(File(Minimal("drug_a", pkExtra: $", \"hepatic_extraction\": {Value(0.5, "fraction")}")), "t.json");
        Assert.Equal(0.5, ok.Compounds[0].PkFor(Organism.Human)!.HepaticExtraction!.Value);
    }

    [Fact]
    public void DuplicateIdsAreRejected()
    {
        var e = Fails(File(Minimal("drug_a"), Minimal("drug_a")));
        Assert.Contains("compound 'drug_a' is defined twice", e.Message);
    }

    [Fact]
    public void InvalidJsonReportsLine()
    {
        var e = Fails("{\n  \"compounds\": [\n    {,\n  ]\n}");
        Assert.StartsWith("user.json:3:", e.Message);
    }

    [Fact]
    public void WrongFormatTagIsRejected()
    {
        var e = Fails("{\"format\": \"other/2\", \"compounds\": []}");
        Assert.Contains("expected 'trkbsim-compounds/2'", e.Message);
    }

    [Fact]
    public void FirstFormatGetsAnErrorThatSaysWhatChanged()
    {
        var e = Fails("{\"format\": \"trkbsim-compounds/1\", \"compounds\": []}");
        Assert.Contains("rename each 'brain_half_time' to 'bbb_half_time'", e.Message);
        Assert.Contains("membrane_half_time", e.Message);
    }

    [Theory]
    [InlineData("{\"low\": 1000, \"high\": 20000, \"distribution\": \"loguniform\"}", null)]
    [InlineData("{\"low\": 6000, \"high\": 20000, \"distribution\": \"loguniform\"}", "must contain the value 5000")]
    [InlineData("{\"low\": 1000, \"high\": 20000}", "uncertainty.distribution': required; allowed: loguniform, uniform")]
    [InlineData("{\"low\": 1000, \"high\": 20000, \"distribution\": \"normal\"}", "'normal' is not allowed; allowed: loguniform, uniform")]
    [InlineData("{\"low\": 1000, \"high\": 20000, \"distribution\": \"uniform\", \"unit\": \"uM\"}", "'uM' differs from the value's unit 'nM'")]
    [InlineData("{\"low\": -1, \"high\": 20000, \"distribution\": \"uniform\"}", "uncertainty.low': -1 is out of range; allowed: > 0")]
    [InlineData("{\"high\": 20000, \"distribution\": \"uniform\"}", "uncertainty.low': required, a number in nM")]
    [InlineData("[1000, 20000]", "uncertainty': expected an object")]
    public void UncertaintyRangesAreCheckedAgainstTheirValue(string range, string? expected)
    {
        string json = File(Minimal("drug_a")).Replace(
            "{\"value\": 5000, \"unit\": \"nM\", \"source\": \"test\", \"note\": \"n\", \"status\": \"assumed\"}",
            "{\"value\": 5000, \"unit\": \"nM\", \"source\": \"test\", \"note\": \"n\", \"status\": \"assumed\", \"uncertainty\": " + range + "}",
            StringComparison.Ordinal);
        Assert.Contains("uncertainty", json);
        if (expected is null)
        {
            var u = CompoundFileReader.Parse(json, "user.json").Compounds[0].Affinities[Target.TRKB].Uncertainty!;
            Assert.Equal((1000.0, 20000.0, UncertaintyDistribution.LogUniform), (u.Low, u.High, u.Distribution));
            return;
        }
        var e = Fails(json);
        Assert.Contains("compound 'drug_a': field 'affinities.TRKB.uncertainty", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void ClearanceFractionsAndInhibitionAreReadAndBoundedPerEnzyme()
    {
        string fraction = "\"clearance_fraction\": {\"cyp2d6\": " + Value(0.6, "fraction") + ", \"cyp2c19\": " + Value(0.3, "fraction") + "}";
        var file = CompoundFileReader.Parse(File(Minimal("drug_a", pkExtra: ", " + fraction,
            compoundExtra: ", \"cyp_inhibition\": {\"cyp2d6\": " + Value(200, "nM") + "}")), "user.json");
        var c = file.Compounds[0];
        Assert.Equal(0.6, c.PkFor(Organism.Human)!.ClearanceFraction[CypEnzyme.Cyp2d6].Value);
        Assert.Equal(200, c.CypInhibition[CypEnzyme.Cyp2d6].Value);

        string tooMuch = "\"clearance_fraction\": {\"cyp2d6\": " + Value(0.8, "fraction") + ", \"cyp2c19\": " + Value(0.3, "fraction") + "}";
        Assert.Contains("clearance_fraction': the enzymes' fractions sum to 1.1; at most 1 is allowed",
            Fails(File(Minimal("drug_a", pkExtra: ", " + tooMuch))).Message);
        string unknown = "\"clearance_fraction\": {\"cyp3a4\": " + Value(0.5, "fraction") + "}";
        Assert.Contains("clearance_fraction.cyp3a4': unknown enzyme; allowed: cyp2d6, cyp2c19", Fails(File(Minimal("drug_a", pkExtra: ", " + unknown))).Message);
    }

    [Fact]
    public void OldBrainFieldIsRejectedWithTheNewNames()
    {
        var e = Fails(File(Minimal("drug_a", pkExtra: ", \"brain_half_time\": " + Value(2, "h"))));
        Assert.Contains("unknown field 'brain_half_time'", e.Message);
        Assert.Contains("bbb_half_time, membrane_half_time", e.Message);
    }

    static string Dose(string basis = "label", string route = "oral", string every = "\"24h\"", string lowUnit = "mg/day", double low = 20, double high = 80) =>
        $", \"clinical_dose\": {{\"basis\": \"{basis}\", \"route\": \"{route}\", \"every\": {every}, \"low\": {Value(low, lowUnit)}, \"high\": {Value(high, "mg/day")}}}";

    [Fact]
    public void AClinicalDoseRangeIsReadAndGivesRegimensAtItsEnds()
    {
        var c = CompoundFileReader.Parse(File(Minimal("drug_a", compoundExtra: Dose(every: "\"12h\""))), "user.json").Compounds[0];
        var d = c.ClinicalDose!;
        Assert.Equal((DoseBasis.Label, "oral", "12h", 20.0, 80.0), (d.Basis, d.Route, d.Every, d.Low.Value, d.High.Value));
        // A daily amount is split into the labelled number of doses.
        Assert.Equal("drug_a 40mg oral every 12h for 8w", d.RegimenText("drug_a", 80, "8w"));
        Assert.Equal("20-80 mg/day oral every 12h (label)", d.Describe());
        Assert.Contains(c.AllValues(), v => v.Field == "clinical_dose.high");
    }

    [Theory]
    [InlineData("guess", "oral", "\"24h\"", "mg/day", 20, 80, "clinical_dose.basis': 'guess' is not allowed; allowed: label, research")]
    [InlineData("label", "rectal", "\"24h\"", "mg/day", 20, 80, "clinical_dose.route': 'rectal' is not allowed; allowed: oral, intranasal, iv, ip, infusion:DURATION")]
    [InlineData("label", "oral", "\"daily\"", "mg/day", 20, 80, "clinical_dose.every': 'daily' is not a dosing interval")]
    [InlineData("label", "oral", "null", "mg/day", 20, 80, "clinical_dose.every': required with a daily dose")]
    [InlineData("label", "oral", "\"24h\"", "g", 20, 80, "clinical_dose.low.unit': 'g' is not allowed; allowed: mg/day, mg, mg/kg")]
    [InlineData("label", "oral", "\"24h\"", "mg/day", 80, 20, "clinical_dose': high (20 mg/day) is below low (80 mg/day)")]
    [InlineData("label", "oral", "\"24h\"", "mg", 20, 80, "clinical_dose.high.unit': 'mg/day' is not allowed here; use 'mg'")]
    public void BadClinicalDoseFieldsAreNamedWithWhatIsAllowed(string basis, string route, string every, string unit, double low, double high, string expected)
    {
        var e = Fails(File(Minimal("drug_a", compoundExtra: Dose(basis, route, every, unit, low, high))));
        Assert.Contains("compound 'drug_a'", e.Message);
        Assert.Contains(expected, e.Message);
    }
}
