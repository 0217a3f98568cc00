namespace TrkbSim.Trials;

/// <summary>One trial arm: a label and a regimen text (one or more regimens joined with '+', or "placebo").</summary>
public sealed record ArmSpec(string Label, string Regimen)
{
    /// <summary>The word that marks an arm without any compound.</summary>
    public const string PlaceboWord = "placebo";

    /// <summary>True when the arm gives no compound at all (only the expectation component of the trial).</summary>
    public bool IsPlacebo => string.Equals(Regimen.Trim(), PlaceboWord, StringComparison.OrdinalIgnoreCase);

    /// <summary>The single regimen texts of the arm ('+' separated); empty for a placebo arm.</summary>
    public IReadOnlyList<string> RegimenParts => IsPlacebo
        ? []
        : Regimen.Split('+', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// The regimen parts for a trial of <paramref name="weeks"/> weeks: a repeated regimen that does not say when it
    /// stops ("every 24h" without "for" or "doses") continues to the end of the trial.
    /// </summary>
    public IReadOnlyList<string> RegimenPartsForTrial(int weeks) => RegimenParts.Select(p =>
    {
        var words = p.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(w => w.ToLowerInvariant()).ToList();
        return words.Contains("every") && !words.Contains("for") && !words.Contains("doses") ? $"{p} for {weeks}w" : p;
    }).ToList();

    /// <summary>Parses <c>"LABEL: REGIMEN"</c> as given to <c>--arm</c>.</summary>
    public static ArmSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int colon = text.IndexOf(':');
        // The first colon separates the label; later ones belong to the regimen ("infusion:40min").
        if (colon <= 0)
            throw new TrialInputException($"--arm \"{text}\": expected \"LABEL: REGIMEN\", e.g. \"fluoxetine: fluoxetine 20mg oral every 24h\" or \"control: placebo\"");
        string label = text[..colon].Trim();
        string regimen = text[(colon + 1)..].Trim();
        if (label.Length == 0)
            throw new TrialInputException($"--arm \"{text}\": the label before ':' is empty");
        if (label.Any(c => c is ',' or '"' or '\n' or '\r'))
            throw new TrialInputException($"--arm \"{text}\": the label may not contain commas, quotes or line breaks");
        if (regimen.Length == 0)
            throw new TrialInputException($"--arm \"{text}\": no regimen after ':'; give e.g. \"fluoxetine 20mg oral every 24h\" or \"placebo\"");
        if (!string.Equals(regimen, PlaceboWord, StringComparison.OrdinalIgnoreCase)
            && regimen.Split('+', StringSplitOptions.TrimEntries).Any(p => p.Length == 0))
            throw new TrialInputException($"--arm \"{text}\": empty regimen between '+' signs");
        return new ArmSpec(label, regimen);
    }
}
