using System.Collections.Immutable;
using TrkbSim.Pharmacology.Compounds;

namespace TrkbSim.Pharmacology.Mechanism;

/// <summary>
/// The generated exposure Antimony text, the compounds it contains (dosed ones and their metabolites) and the model
/// parameters that hold a library value (name and sourced value, including any uncertainty range).
/// </summary>
public sealed record ExposurePart(string Text, ImmutableArray<string> Compounds, ImmutableArray<ExposureParameter> Parameters);

/// <summary>A model parameter of the exposure part and the library value it was set from.</summary>
public sealed record ExposureParameter(string Symbol, SourcedValue Value);
