using TrkbSim.Pharmacology.Compounds;

namespace TrkbSim.Trials.Population;

/// <summary>Sex of a virtual subject.</summary>
public enum Sex { Female, Male }


/// <summary>The covariates drawn for one virtual subject.</summary>
public readonly record struct Covariates(
    Sex Sex,
    double BodyWeightKg,
    MetaboliserPhenotype Cyp2d6,
    MetaboliserPhenotype Cyp2c19,
    double BaselineMadrs,
    double PlaceboMadrs);
