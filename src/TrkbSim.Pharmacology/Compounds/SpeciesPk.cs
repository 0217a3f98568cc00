namespace TrkbSim.Pharmacology.Compounds;

/// <summary>
/// Pharmacokinetics of one compound in one species. Volumes and clearances are per kg body weight;
/// the exposure part scales them by the run's body weight.
/// </summary>
public sealed record SpeciesPk
{
    /// <summary>Fraction of an extravascular dose reaching plasma, by route (absent: no data for that route).</summary>
    public IReadOnlyDictionary<AbsorptionRoute, SourcedValue> Bioavailability { get; init; } =
        new Dictionary<AbsorptionRoute, SourcedValue>();
    /// <summary>First-order absorption rate constant (1/h) by route.</summary>
    public IReadOnlyDictionary<AbsorptionRoute, SourcedValue> AbsorptionRate { get; init; } =
        new Dictionary<AbsorptionRoute, SourcedValue>();
    /// <summary>Fraction of an intranasal dose that is swallowed (then absorbed with the oral F); null: none.</summary>
    public SourcedValue? IntranasalSwallowedFraction { get; init; }
    /// <summary>
    /// Hepatic extraction ratio E_H of drug absorbed into the portal vein (oral, swallowed intranasal and i.p. doses):
    /// the bioavailability F = fa * (1 - E_H), so fa = F / (1 - E_H) reaches the liver and the extracted part forms
    /// metabolites as systemic clearance does; null: no first-pass extraction modelled (all of F enters plasma directly).
    /// </summary>
    public SourcedValue? HepaticExtraction { get; init; }
    /// <summary>Central volume, L/kg.</summary>
    public required SourcedValue CentralVolume { get; init; }
    /// <summary>Peripheral volume, L/kg; null for one-compartment disposition.</summary>
    public SourcedValue? PeripheralVolume { get; init; }
    /// <summary>Intercompartmental clearance, L/h/kg; present exactly when <see cref="PeripheralVolume"/> is.</summary>
    public SourcedValue? IntercompartmentalClearance { get; init; }
    /// <summary>Elimination clearance from the central compartment, L/h/kg.</summary>
    public required SourcedValue Clearance { get; init; }
    /// <summary>For a metabolite: fraction of the parent's clearance that forms it; null: not formed in this species.</summary>
    public SourcedValue? FractionFormed { get; init; }
    /// <summary>Unbound fraction in plasma.</summary>
    public required SourcedValue FuPlasma { get; init; }
    /// <summary>
    /// Fraction of the compound's clearance (systemic and first-pass) carried by each polymorphic CYP in normal
    /// metabolisers without inhibition; the rest is unaffected by phenotype and inhibition.
    /// </summary>
    public IReadOnlyDictionary<CypEnzyme, SourcedValue> ClearanceFraction { get; init; } = new Dictionary<CypEnzyme, SourcedValue>();
    /// <summary>Total brain tissue : total plasma concentration ratio at steady state (what 19F-MRS and tissue assays measure).</summary>
    public required SourcedValue KpBrain { get; init; }
    /// <summary>Unbound brain : unbound plasma ratio; null: the library default.</summary>
    public SourcedValue? KpUu { get; init; }
    /// <summary>Half-time of the unbound (interstitial) brain concentration's equilibration with unbound plasma, h.</summary>
    public required SourcedValue BbbHalfTime { get; init; }
    /// <summary>Half-time of the membrane-associated brain pool's equilibration with the unbound brain concentration, h.</summary>
    public required SourcedValue MembraneHalfTime { get; init; }

    /// <summary>Every value with its field name, in file order.</summary>
    public IEnumerable<(string Field, SourcedValue Value)> AllValues()
    {
        foreach (var (route, v) in Bioavailability.OrderBy(p => p.Key)) yield return ($"bioavailability.{route.Name()}", v);
        foreach (var (route, v) in AbsorptionRate.OrderBy(p => p.Key)) yield return ($"absorption_rate.{route.Name()}", v);
        if (IntranasalSwallowedFraction is { } s) yield return ("intranasal_swallowed_fraction", s);
        if (HepaticExtraction is { } eh) yield return ("hepatic_extraction", eh);
        yield return ("central_volume", CentralVolume);
        if (PeripheralVolume is { } vp) yield return ("peripheral_volume", vp);
        if (IntercompartmentalClearance is { } q) yield return ("intercompartmental_clearance", q);
        yield return ("clearance", Clearance);
        if (FractionFormed is { } fm) yield return ("fraction_formed", fm);
        foreach (var (enzyme, v) in ClearanceFraction.OrderBy(p => p.Key)) yield return ($"clearance_fraction.{enzyme.Name()}", v);
        yield return ("fu_plasma", FuPlasma);
        yield return ("kp_brain", KpBrain);
        if (KpUu is { } kpuu) yield return ("kp_uu", kpuu);
        yield return ("bbb_half_time", BbbHalfTime);
        yield return ("membrane_half_time", MembraneHalfTime);
    }
}
