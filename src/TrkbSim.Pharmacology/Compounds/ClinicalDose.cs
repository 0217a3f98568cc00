namespace TrkbSim.Pharmacology.Compounds;

/// <summary>Where a compound's clinical dose range comes from.</summary>
public enum DoseBasis
{
    /// <summary>The drug label (prescribing information or SmPC) for depression.</summary>
    Label,
    /// <summary>No label for depression: the dose of the clinical studies that define the drug's antidepressant use.</summary>
    Research,
}

/// <summary>
/// The adult human dose range used for depression: low and high dose (sourced) as the source states it, either per day
/// (<c>mg/day</c>, split into equal doses every <see cref="Every"/>) or per administration (<c>mg</c>, <c>mg/kg</c>);
/// the route as regimens write it (oral, intranasal, infusion:40min, ...) and the dosing interval (null: a single dose).
/// The library's invariant tests run every compound at both ends of this range.
/// </summary>
public sealed record ClinicalDose(DoseBasis Basis, string Route, string? Every, SourcedValue Low, SourcedValue High)
{
    /// <summary>Who the range is for (e.g. adult outpatients with major depressive disorder).</summary>
    public string? Population { get; init; }

    /// <summary>The range as one line: "20-80 mg oral every 24h (label)".</summary>
    public string Describe()
    {
        string amount = Low.Value == High.Value ? Num(Low.Value) : $"{Num(Low.Value)}-{Num(High.Value)}";
        string when = Every is null ? "single dose" : $"every {Every}";
        return $"{amount} {Low.Unit} {Route} {when} ({Basis.ToString().ToLowerInvariant()})";
    }

    /// <summary>
    /// A regimen text for <paramref name="dose"/> (in the range's unit) of compound <paramref name="id"/> over
    /// <paramref name="period"/> (e.g. "8w"): a daily amount is split into doses every <see cref="Every"/>; a single
    /// dose when there is no interval or the period is null.
    /// </summary>
    public string RegimenText(string id, double dose, string? period) =>
        Every is null || period is null ? OneDose(id, dose) : $"{OneDose(id, dose)} every {Every} for {period}";

    /// <summary>
    /// The low end of the range as a regimen that does not say when it stops ("fluoxetine 20mg oral every 24h"; a trial
    /// arm repeats it to the trial's end), or a single dose when the range has no interval ("ketamine 0.5mg/kg
    /// infusion:40min").
    /// </summary>
    public string StartingRegimenText(string id) => Every is null ? OneDose(id, Low.Value) : $"{OneDose(id, Low.Value)} every {Every}";

    // One administration of a dose in the range's unit: a daily amount is split over the doses of a day.
    string OneDose(string id, double dose)
    {
        double everyHours = Every is null ? 24 : Regimens.RegimenParser.ParseTime(Every, "clinical_dose.every", m => new PharmacologyInputException(m), positive: true);
        double perDose = Low.Unit == "mg/day" ? dose * everyHours / 24 : dose;
        string unit = Low.Unit == "mg/day" ? "mg" : Low.Unit;
        return $"{id} {Num(perDose)}{unit} {Route}";
    }

    static string Num(double x) => x.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
}
