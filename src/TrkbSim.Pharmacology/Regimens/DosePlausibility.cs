using System.Globalization;
using TrkbSim.Pharmacology.Compounds;

namespace TrkbSim.Pharmacology.Regimens;

/// <summary>
/// Compares a human regimen with the compound's clinical dose range (compounds.json <c>clinical_dose</c>): a dose above
/// the range, or below a quarter of its low end, gets a warning that names the range and its source.
/// </summary>
public static class DosePlausibility
{
    public static IReadOnlyList<string> Check(DoseRegimen regimen, CompoundLibrary library, Organism organism, double bodyWeightKg)
    {
        if (organism != Organism.Human || !library.TryGet(regimen.Compound, out var compound) || compound.ClinicalDose is not { } range)
            return [];
        double? perDoseMg = regimen.Unit switch
        {
            DoseUnit.Mg => regimen.Dose,
            DoseUnit.MgPerKg => regimen.Dose * bodyWeightKg,
            _ => null,
        };
        if (perDoseMg is null) return [];
        // Compare in the range's own unit.
        double value;
        string unit = range.Low.Unit;
        switch (unit)
        {
            case "mg/day":
                value = regimen.IntervalHours is { } tau ? perDoseMg.Value * 24 / tau : perDoseMg.Value;
                break;
            case "mg/kg":
                value = perDoseMg.Value / bodyWeightKg;
                break;
            default:
                value = perDoseMg.Value;
                break;
        }
        string what = unit == "mg/day" && regimen.IntervalHours is not null ? "a daily amount of" : "a dose of";
        string label = $"{compound.Id}: {what} {Num(value)} {unit}";
        string source = $"clinical range {range.Describe()}; {range.High.Source}";
        if (value > range.High.Value * 1.001)
            return [$"{label} is {Num(value / range.High.Value)} times the top of the {source}"];
        if (value < range.Low.Value / 4)
            return [$"{label} is below a quarter of the low end of the {source}"];
        return [];
    }

    static string Num(double x) => x.ToString(Math.Abs(x) >= 1000 ? "N0" : "G3", CultureInfo.InvariantCulture);
}
