using TrkbSim.Pharmacology.Compounds;
namespace TrkbSim.Trials.Models;

/// <summary>What drives a subject parameter's value.</summary>
public enum SubjectParameterKind
{
    /// <summary>A covariate value (body_weight, baseline_madrs, placebo_madrs, placebo_tau).</summary>
    Covariate,
    /// <summary>A PK parameter of one compound, class named by <see cref="SubjectParameter.Role"/> (clearance, ...).</summary>
    Pk,
    /// <summary>A mechanism parameter named by <see cref="SubjectParameter.Role"/>.</summary>
    Pd,
}

/// <summary>
/// One value an arm model takes per subject: its column name in the results, the model symbol it is set on,
/// what drives it, and its model (typical) value around which variability is drawn.
/// </summary>
public sealed record SubjectParameter(string Name, string Symbol, SubjectParameterKind Kind, string Role, double Nominal)
{
    /// <summary>The compound a PK parameter belongs to.</summary>
    public string? Compound { get; init; }
    /// <summary>For a PK parameter given per kg: multiply by body weight before setting it.</summary>
    public bool PerKg { get; init; }
    /// <summary>
    /// A factor by the subject's CYP2D6 and CYP2C19 phenotypes (first and second argument) that multiplies the drawn
    /// value: the mechanism's enzyme activities, or the stand-in's clearance change; null: no phenotype effect.
    /// </summary>
    public Func<MetaboliserPhenotype, MetaboliserPhenotype, double>? PhenotypeFactor { get; init; }
}
