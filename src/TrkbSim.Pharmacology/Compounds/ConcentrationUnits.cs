namespace TrkbSim.Pharmacology.Compounds;

/// <summary>Mass and molar concentration conversions (1 ng/mL of a compound of MW g/mol = 1000/MW nM).</summary>
public static class ConcentrationUnits
{
    public static double NgPerMLToNanomolar(double ngPerML, double molecularWeight) => ngPerML * 1000.0 / molecularWeight;

    public static double NanomolarToNgPerML(double nanomolar, double molecularWeight) => nanomolar * molecularWeight / 1000.0;

    /// <summary>Amount in nmol of a mass in mg.</summary>
    public static double MilligramsToNanomoles(double mg, double molecularWeight) => mg * 1e6 / molecularWeight;
}
