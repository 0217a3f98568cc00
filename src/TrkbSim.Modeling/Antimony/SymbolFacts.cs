using TrkbSim.Modeling.Math;

namespace TrkbSim.Modeling.Antimony;

/// <summary>What a symbol turns out to be once every statement has been read.</summary>
internal enum SymbolKind { Parameter, Species, Compartment, Reaction, Event }

/// <summary>One piece of evidence for a symbol's kind; weak evidence (placement with <c>in</c>) yields to a compartment declaration.</summary>
internal readonly record struct KindEvidence(SymbolKind Kind, SourceLocation At, bool Weak = false);

/// <summary>Everything the statements say about one symbol, gathered before the model is built.</summary>
internal sealed class SymbolFacts(string id, SourceLocation firstDefined)
{
    public string Id { get; } = id;
    public SourceLocation FirstDefined { get; } = firstDefined;
    public List<KindEvidence> Evidence { get; } = [];
    public SymbolKind Kind { get; set; } = SymbolKind.Parameter;

    public SourceLocation? ConstAt { get; set; }
    public bool Var { get; set; }
    public bool SubstanceOnly { get; set; }
    public bool Boundary { get; set; }

    public string? Compartment { get; set; }
    public SourceLocation? CompartmentAt { get; set; }
    /// <summary>Compartment of the last reaction with an <c>in</c> clause that this species takes part in.</summary>
    public string? ReactionCompartment { get; set; }

    public Expr? Value { get; set; }
    public SourceLocation ValueAt { get; set; }
    public int ValueSeq { get; set; }

    public string? Units { get; set; }
    public string? DisplayName { get; set; }
}

/// <summary>A reactant or product as written: stoichiometry, species, position.</summary>
internal readonly record struct Participant(string Species, double Stoichiometry, SourceLocation At);

/// <summary>A reaction statement before ids are assigned.</summary>
internal sealed record ReactionFacts(
    string? Id, SourceLocation At, string? Compartment, List<Participant> Reactants, List<Participant> Products,
    bool Reversible, Expr? Rate, int Seq)
{
    public string ResolvedId { get; set; } = Id ?? "";
}

/// <summary>The kind of a rule statement.</summary>
internal enum RuleKind { Assignment, Rate, Algebraic }

/// <summary>A rule statement: <c>x := f</c>, <c>x' = f</c> or <c>0 = f</c>.</summary>
internal sealed record RuleFacts(RuleKind Kind, string? Variable, Expr Math, SourceLocation At);

/// <summary>An event assignment as written.</summary>
internal sealed record EventAssignmentFacts(string Variable, Expr Math, SourceLocation At);

/// <summary>An event statement.</summary>
internal sealed record EventFacts(
    string? Id, SourceLocation At, Expr Trigger, Expr? Delay, Expr? Priority, bool Persistent, bool InitialValue,
    bool FromTrigger, List<EventAssignmentFacts> Assignments);

/// <summary>A function definition with where it was written.</summary>
internal sealed record FunctionFacts(FunctionDefinition Definition, SourceLocation At);

/// <summary>A call of a user function as written.</summary>
internal readonly record struct CallSite(string Function, int ArgumentCount, SourceLocation At);
