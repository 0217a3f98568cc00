using System.Collections.Immutable;

namespace TrkbSim.Pharmacology.Mechanism;

/// <summary>The generated exposure Antimony text and the compounds it contains (dosed ones and their metabolites).</summary>
public sealed record ExposurePart(string Text, ImmutableArray<string> Compounds);
