using System.Diagnostics;
using TrkbSim.Modeling;

namespace TrkbSim.Simulation.Compilation;

/// <summary>
/// One compilation of a model, in five phases; each takes the read-only results of the ones before it and keeps its
/// working state to itself:
/// <list type="number">
/// <item><see cref="SymbolClassifier"/>: symbols, rules and where each value lives -> <see cref="ClassifiedModel"/>;</item>
/// <item><see cref="MathResolver"/>: all math over slots (rules, rates, initial assignments, events, delays) -> <see cref="ResolvedModel"/>;</item>
/// <item><see cref="EvaluationOrdering"/>: rule and initialisation order, invariant and rate-read rules -> <see cref="EvaluationOrder"/>;</item>
/// <item><see cref="EventPlanner"/>: scheduled triggers and run-time event facts -> <see cref="EventPlan"/>;</item>
/// <item><see cref="ModelEmitter"/> (with <see cref="JacobianBuilder"/>): the delegates -> <see cref="CompiledModel"/>.</item>
/// </list>
/// </summary>
internal static class ModelCompilation
{
    /// <summary>Compiles <paramref name="model"/>; throws <see cref="ModelException"/> for semantic problems.</summary>
    public static CompiledModel Compile(Model model)
    {
        var sw = Stopwatch.StartNew();
        var classified = SymbolClassifier.Classify(model);
        var resolved = MathResolver.Resolve(classified);
        var order = EvaluationOrdering.Order(classified, resolved);
        var events = EventPlanner.Plan(classified, resolved);
        var compiled = ModelEmitter.Emit(classified, resolved, order, events);
        compiled.CompileTime = sw.Elapsed;
        return compiled;
    }
}
