using System.Collections.Immutable;
using TrkbSim.Modeling.Math;

namespace TrkbSim.Modeling;

/// <summary>
/// A model description with SBML Level 3 core semantics: the single form that the Antimony and SBML
/// readers produce and the compiler consumes. Immutable; change it with <c>with</c> expressions.
/// </summary>
public sealed record Model
{
    public string Id { get; init; } = "model";
    public string? Name { get; init; }
    public ImmutableArray<FunctionDefinition> Functions { get; init; } = [];
    public ImmutableArray<UnitDefinition> Units { get; init; } = [];
    public ImmutableArray<Compartment> Compartments { get; init; } = [];
    public ImmutableArray<Species> Species { get; init; } = [];
    public ImmutableArray<Parameter> Parameters { get; init; } = [];
    public ImmutableArray<Reaction> Reactions { get; init; } = [];
    public ImmutableArray<InitialAssignment> InitialAssignments { get; init; } = [];
    public ImmutableArray<Rule> Rules { get; init; } = [];
    public ImmutableArray<Event> Events { get; init; } = [];
    public ModelUnits ModelUnits { get; init; } = new();
    /// <summary>Id of a parameter that scales every species' rate of change (SBML model conversionFactor).</summary>
    public string? ConversionFactor { get; init; }
    /// <summary>Free-text notes carried with the model (not interpreted).</summary>
    public string? Notes { get; init; }

    public Compartment? FindCompartment(string id) => Compartments.FirstOrDefault(c => c.Id == id);
    public Species? FindSpecies(string id) => Species.FirstOrDefault(s => s.Id == id);
    public Parameter? FindParameter(string id) => Parameters.FirstOrDefault(p => p.Id == id);
    public Reaction? FindReaction(string id) => Reactions.FirstOrDefault(r => r.Id == id);
    public FunctionDefinition? FindFunction(string id) => Functions.FirstOrDefault(f => f.Id == id);
}

/// <summary>Model-wide default units (SBML L3 model attributes); null when not given.</summary>
public sealed record ModelUnits(
    string? Substance = null, string? Time = null, string? Volume = null, string? Area = null,
    string? Length = null, string? Extent = null);

/// <summary>Where a definition came from in its source text, for error messages.</summary>
public readonly record struct SourceLocation(string? File, int Line, int Column)
{
    public override string ToString() => File is null ? $"{Line}:{Column}" : $"{File}:{Line}:{Column}";
}

/// <summary>A user function: <c>function f(x, y) x*y end</c> or an SBML lambda.</summary>
public sealed record FunctionDefinition(string Id, ImmutableArray<string> Arguments, Expr Body)
{
    public string? Name { get; init; }
}

/// <summary>A compartment. <see cref="Size"/> is null when set only by a rule or initial assignment.</summary>
public sealed record Compartment(string Id, double? Size = 1.0)
{
    public string? Name { get; init; }
    public double SpatialDimensions { get; init; } = 3;
    public bool Constant { get; init; } = true;
    public string? Units { get; init; }
}

/// <summary>
/// A species. Exactly one of <see cref="InitialAmount"/> and <see cref="InitialConcentration"/> is set,
/// or neither when an initial assignment or rule sets it. With <see cref="HasOnlySubstanceUnits"/> the
/// species' symbol means its amount in math; otherwise its concentration (amount / compartment size).
/// </summary>
public sealed record Species(string Id, string Compartment)
{
    public string? Name { get; init; }
    public double? InitialAmount { get; init; }
    public double? InitialConcentration { get; init; }
    public bool HasOnlySubstanceUnits { get; init; }
    public bool BoundaryCondition { get; init; }
    public bool Constant { get; init; }
    public string? SubstanceUnits { get; init; }
    /// <summary>Id of a parameter that scales this species' rate of change from reactions.</summary>
    public string? ConversionFactor { get; init; }
}

/// <summary>A global parameter. <see cref="Value"/> is null when set only by a rule or initial assignment.</summary>
public sealed record Parameter(string Id, double? Value = null)
{
    public string? Name { get; init; }
    public bool Constant { get; init; } = true;
    public string? Units { get; init; }
}

/// <summary>A reactant or product of a reaction.</summary>
public sealed record SpeciesReference(string Species, double? Stoichiometry = 1.0)
{
    /// <summary>SBML L3 id that lets math refer to (and rules or events change) the stoichiometry.</summary>
    public string? Id { get; init; }
    /// <summary>SBML L2 stoichiometryMath.</summary>
    public Expr? StoichiometryMath { get; init; }
    public bool Constant { get; init; } = true;
}

/// <summary>A reaction; its kinetic law gives the rate in substance per time (extent per time).</summary>
public sealed record Reaction(string Id)
{
    public string? Name { get; init; }
    public ImmutableArray<SpeciesReference> Reactants { get; init; } = [];
    public ImmutableArray<SpeciesReference> Products { get; init; } = [];
    public ImmutableArray<string> Modifiers { get; init; } = [];
    public Expr? KineticLaw { get; init; }
    /// <summary>Parameters local to the kinetic law; they shadow global ids inside it.</summary>
    public ImmutableArray<Parameter> LocalParameters { get; init; } = [];
    public bool Reversible { get; init; } = true;
    public bool Fast { get; init; }
    public string? Compartment { get; init; }
}

/// <summary>Sets the initial value of a symbol (species, compartment, parameter, species reference) at t0.</summary>
public sealed record InitialAssignment(string Symbol, Expr Math);

/// <summary>A rule; the variable is a species, compartment, parameter or species reference id.</summary>
public abstract record Rule;

/// <summary><c>x := f</c>: x equals f at all times.</summary>
public sealed record AssignmentRule(string Variable, Expr Math) : Rule;

/// <summary><c>x' = f</c>: dx/dt equals f.</summary>
public sealed record RateRule(string Variable, Expr Math) : Rule;

/// <summary><c>0 = f</c>: an algebraic constraint.</summary>
public sealed record AlgebraicRule(Expr Math) : Rule;

/// <summary>An event assignment: when the event executes, the variable becomes the value of the math.</summary>
public sealed record EventAssignment(string Variable, Expr Math);

/// <summary>A discontinuous change triggered when <see cref="Trigger"/> goes from false to true.</summary>
public sealed record Event(Expr Trigger)
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public Expr? Delay { get; init; }
    public Expr? Priority { get; init; }
    /// <summary>False: a pending (delayed) execution is cancelled if the trigger turns false first.</summary>
    public bool Persistent { get; init; } = true;
    /// <summary>The trigger's value just before t0; false lets an event fire at t0 when its trigger is true then.</summary>
    public bool InitialValue { get; init; } = true;
    /// <summary>True: assignment values are computed at trigger time; false: at execution time.</summary>
    public bool UseValuesFromTriggerTime { get; init; } = true;
    public ImmutableArray<EventAssignment> Assignments { get; init; } = [];
}

/// <summary>A unit definition as a product of base units: (multiplier * 10^scale * kind)^exponent.</summary>
public sealed record UnitDefinition(string Id, ImmutableArray<UnitTerm> Terms)
{
    public string? Name { get; init; }
}

/// <summary>One factor of a unit definition.</summary>
public sealed record UnitTerm(string Kind, double Exponent = 1, int Scale = 0, double Multiplier = 1);
