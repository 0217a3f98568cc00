using TrkbSim.Modeling;
using TrkbSim.Modeling.Antimony;
using TrkbSim.Modeling.Sbml;
using TrkbSim.Simulation;

namespace TrkbSim.Interop.Sedml;

/// <summary>
/// The models of one SED-ML document: each file read and compiled once; a simulator per use, with the model's changes
/// (changeAttribute, computeChange, and those of the model it derives from with source="#id") applied.
/// </summary>
internal sealed class SedModels
{
    readonly Dictionary<string, SedModel> _models;
    readonly ISedFiles _files;
    readonly Action<string> _warn;
    readonly Dictionary<string, CompiledModel> _bySource = new(StringComparer.Ordinal);

    public SedModels(IEnumerable<SedModel> models, ISedFiles files, Action<string> warn)
    {
        _models = SedIds.Index(models, m => m.Id, "model");
        _files = files;
        _warn = warn;
    }

    public bool Contains(string id) => _models.ContainsKey(id);

    /// <summary>The compiled model behind a SED-ML model id (its file, before changes).</summary>
    public CompiledModel Compiled(string id) => Root(id, []).Compiled;

    /// <summary>A new simulator of the model with its changes applied.</summary>
    public Simulator NewSimulator(string id)
    {
        var (compiled, changes) = Root(id, []);
        var sim = compiled.CreateSimulator();
        foreach (var (modelId, change) in changes)
        {
            string where = $"model '{modelId}', change of '{change.Target}'";
            var target = SedTarget.Parse(change.Target, where);
            double value = change switch
            {
                SedAttributeChange a => a.NewValue,
                SedComputeChange c => SedMathEvaluator.Evaluate(c.Math, where, _ => null, v => ReadModelValue(v, sim, compiled.Model, modelId, where)),
                _ => throw new SedmlException($"{where}: unsupported change {change.GetType().Name}"),
            };
            Set(sim, compiled.Model, target, value, where);
        }
        return sim;
    }

    /// <summary>A model value read by a math variable (computeChange, setValue): its target's current value in the simulator.</summary>
    public static double ReadModelValue(SedVariable v, Simulator sim, Model model, string modelId, string where)
    {
        if (v.ModelReference is { } m && m != modelId)
            throw new SedmlException($"{where}: variable '{v.Id}' reads model '{m}'; only the model being changed ('{modelId}') can be read here");
        if (v.Target is null) throw new SedmlException($"{where}: variable '{v.Id}' needs a target (symbol '{v.Symbol}' has no value before a simulation)");
        var t = SedTarget.Parse(v.Target, $"{where}, variable '{v.Id}'");
        t.Check(model, $"{where}, variable '{v.Id}'");
        return sim.Get(t.Id);
    }

    /// <summary>Sets a target (initial value of a species, parameter value, compartment size) in a simulator.</summary>
    public static void Set(Simulator sim, Model model, SedTarget target, double value, string where)
    {
        target.Check(model, where);
        string[] allowed = target.Kind switch
        {
            "species" => ["initialConcentration", "initialAmount"],
            "parameter" => ["value"],
            "compartment" => ["size"],
            _ => [],
        };
        if (allowed.Length == 0) throw new SedmlException($"{where}: a {target.Kind} cannot be changed; change a species, parameter or compartment");
        if (target.Attribute is { } attr && !allowed.Contains(attr))
            throw new SedmlException($"{where}: attribute '{attr}' of a {target.Kind} cannot be changed; allowed: {string.Join(", ", allowed)}");
        try
        {
            if (target.Kind == "species" && target.Attribute is { } a)
            {
                var s = model.FindSpecies(target.Id)!;
                // Simulator.Set takes a species' value in its math meaning: concentration, or amount with hasOnlySubstanceUnits.
                bool givenAmount = a == "initialAmount";
                if (givenAmount != s.HasOnlySubstanceUnits)
                {
                    double size = sim.Get(s.Compartment);
                    value = givenAmount ? value / size : value * size;
                }
            }
            sim.Set(target.Id, value);
        }
        catch (ModelException e) { throw new SedmlException($"{where}: {e.Message}"); }
    }

    (CompiledModel Compiled, List<(string ModelId, SedChange Change)> Changes) Root(string id, HashSet<string> seen)
    {
        if (!_models.TryGetValue(id, out var m)) throw new SedmlException($"no model '{id}' in the SED-ML document; models: {string.Join(", ", _models.Keys)}");
        if (!seen.Add(id)) throw new SedmlException($"model '{id}' derives from itself (source=\"#...\" cycle)");
        (CompiledModel, List<(string, SedChange)>) result;
        if (m.Source.StartsWith('#'))
        {
            var (compiled, changes) = Root(m.Source[1..], seen);
            result = (compiled, [.. changes]);
        }
        else result = (Load(m), []);
        result.Item2.AddRange(m.Changes.Select(c => (id, c)));
        return result;
    }

    CompiledModel Load(SedModel m)
    {
        string where = $"model '{m.Id}'";
        if (m.Source.Contains("://", StringComparison.Ordinal) || m.Source.StartsWith("urn:", StringComparison.OrdinalIgnoreCase))
            throw new SedmlException($"{where}: source '{m.Source}' is not a file; TrkbSim reads model files in the archive or beside the SED-ML file (nothing is downloaded)");
        if (_bySource.TryGetValue(m.Source, out var cached)) return cached;
        string language = m.Language.ToLowerInvariant();
        string ext = Path.GetExtension(m.Source).ToLowerInvariant();
        bool antimony = language.Contains("antimony", StringComparison.Ordinal) || (language.Length == 0 && ext is ".ant" or ".antimony" or ".txt");
        bool sbml = language.Contains("sbml", StringComparison.Ordinal) || (language.Length == 0 && ext is ".xml" or ".sbml");
        if (!antimony && !sbml)
            throw new SedmlException($"{where}: model language '{m.Language}' is not supported; allowed: urn:sedml:language:sbml (any level and version TrkbSim reads), urn:sedml:language:antimony");
        string text = _files.ReadText(m.Source, where);
        var model = antimony ? AntimonyReader.Parse(text, m.Source) : SbmlReader.Read(text, m.Source);
        var compiled = ModelCompiler.Compile(model);
        foreach (var w in compiled.Warnings) _warn($"{where}: {w}");
        _bySource[m.Source] = compiled;
        return compiled;
    }
}
