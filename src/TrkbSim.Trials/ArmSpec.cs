using TrkbSim.Pharmacology.Compounds;

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

    /// <summary>
    /// Parses an arm as given to <c>--arm</c>: <c>"LABEL: REGIMEN"</c>, or a word alone: <c>placebo</c>, or a compound
    /// of <paramref name="library"/> with a clinical dose, which stands for that compound's arm at the low end of its
    /// clinical dose (<see cref="ClinicalDose.StartingRegimenText"/>), labelled as written: <c>--arm fluoxetine</c> is
    /// <c>--arm "fluoxetine: fluoxetine 20mg oral every 24h"</c>.
    /// </summary>
    public static ArmSpec Parse(string text, CompoundLibrary library)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(library);
        if (!IsWordAlone(text)) return Parse(text);
        string word = text.Trim();
        if (string.Equals(word, PlaceboWord, StringComparison.OrdinalIgnoreCase)) return new ArmSpec(word, PlaceboWord);
        var dosed = library.Compounds.Where(c => c.ClinicalDose is not null).ToList();
        var compound = dosed.FirstOrDefault(c => string.Equals(c.Id, word, StringComparison.OrdinalIgnoreCase));
        if (compound is null)
            throw new TrialInputException($"--arm \"{text}\": expected \"LABEL: REGIMEN\" (e.g. \"fluoxetine: fluoxetine 20mg oral every 24h\"), "
                + $"placebo, or a compound alone for its low clinical dose: {string.Join(", ", dosed.Select(c => c.Id))}");
        return Parse($"{word}: {compound.ClinicalDose!.StartingRegimenText(compound.Id)}");
    }

    /// <summary>Whether an <c>--arm</c> text is a word alone (placebo or a compound) rather than <c>"LABEL: REGIMEN"</c>.</summary>
    public static bool IsWordAlone(string text) => !text.Contains(':');

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
