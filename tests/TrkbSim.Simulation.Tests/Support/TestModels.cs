using System.Collections.Immutable;
using TrkbSim.Modeling;
using TrkbSim.Modeling.Math;

namespace TrkbSim.Simulation.Tests.Support;

/// <summary>Shorthands for building models in tests.</summary>
internal static class TestModels
{
    static TestModels() => SolverRegistry.Register("dp5-test", () => new DormandPrinceTestSolver());

    /// <summary>Makes sure the test solver is registered (static constructor side effect).</summary>
    public static void EnsureSolver() { }

    public const string Solver = "dp5-test";

    public static Expr E(string text) => Infix.Parse(text);

    public static SimulationSettings Settings(double end, int steps = 100, double rtol = 1e-10, double atol = 1e-12) =>
        new() { End = end, Steps = steps, Solver = Solver, RelTol = rtol, AbsTol = atol };

    public static Species Amount(string id, double amount, string compartment = "V", bool hosu = false) =>
        new(id, compartment) { InitialAmount = amount, HasOnlySubstanceUnits = hosu };

    public static Species Conc(string id, double conc, string compartment = "V") =>
        new(id, compartment) { InitialConcentration = conc };

    public static Parameter P(string id, double? value, bool constant = true) => new(id, value) { Constant = constant };

    public static Reaction R(string id, string law, string[] reactants, string[] products) => new(id)
    {
        Reactants = [.. reactants.Select(s => new SpeciesReference(s))],
        Products = [.. products.Select(s => new SpeciesReference(s))],
        KineticLaw = E(law),
    };

    public static Event At(string trigger, params (string Var, string Math)[] assignments) => new(E(trigger))
    {
        Assignments = [.. assignments.Select(a => new EventAssignment(a.Var, E(a.Math)))],
    };

    public static Model Model(
        IEnumerable<Compartment>? compartments = null, IEnumerable<Species>? species = null,
        IEnumerable<Parameter>? parameters = null, IEnumerable<Reaction>? reactions = null,
        IEnumerable<Rule>? rules = null, IEnumerable<InitialAssignment>? initial = null, IEnumerable<Event>? events = null,
        IEnumerable<FunctionDefinition>? functions = null)
    {
        EnsureSolver();
        return new Model
        {
            Compartments = (compartments ?? [new Compartment("V", 1.0)]).ToImmutableArray(),
            Species = (species ?? []).ToImmutableArray(),
            Parameters = (parameters ?? []).ToImmutableArray(),
            Reactions = (reactions ?? []).ToImmutableArray(),
            Rules = (rules ?? []).ToImmutableArray(),
            InitialAssignments = (initial ?? []).ToImmutableArray(),
            Events = (events ?? []).ToImmutableArray(),
            Functions = (functions ?? []).ToImmutableArray(),
        };
    }

    public static SimulationResult Simulate(Model model, SimulationSettings settings) =>
        ModelCompiler.Compile(model).CreateSimulator().Run(settings);
}
