using TrkbSim.Modeling;
using TrkbSim.Modeling.Transforms;
using TrkbSim.Simulation.Compilation;

namespace TrkbSim.Simulation;

/// <summary>Compiles a model description into delegates for its right-hand side, Jacobian, rules and events.</summary>
public static class ModelCompiler
{
    /// <summary>Compiles <paramref name="model"/>; throws <see cref="ModelException"/> for semantic problems.</summary>
    public static CompiledModel Compile(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        // Linear algebraic rules are solved into assignment rules; the others stay unsupported.
        return ModelCompilation.Compile(AlgebraicRuleElimination.Apply(model));
    }
}
