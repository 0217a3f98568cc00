using System.Collections.Immutable;
using TrkbSim.Analysis.SteadyState;
using TrkbSim.Simulation;

namespace TrkbSim.Interop.Sedml;

/// <summary>
/// Runs a SED-ML document: the tasks its outputs need (through data generators), then the data generators' math, then
/// the reports and plots' values. Models come from <see cref="ISedFiles"/>; warnings (algorithm substitutions, compiler
/// warnings) go to the given callback.
/// </summary>
public sealed class SedmlRunner(ISedFiles files, Action<string> onWarning)
{
    readonly HashSet<string> _warned = new(StringComparer.Ordinal);

    /// <summary>Passes each distinct warning on once (a repeated task would otherwise repeat its algorithm's warning per iteration).</summary>
    void Warn(string message)
    {
        if (_warned.Add(message)) onWarning(message);
    }

    /// <summary>Most iterations of one repeated task.</summary>
    public const int MaxIterations = 100_000;

    public SedRunResult Run(SedDocument doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        var models = new SedModels(doc.Models, files, Warn);
        var simulations = SedIds.Index(doc.Simulations, s => s.Id, "simulation");
        var tasks = SedIds.Index(doc.Tasks, t => t.Id, "task");
        var generators = SedIds.Index(doc.DataGenerators, g => g.Id, "data generator");
        SedIds.Index(doc.Outputs, o => o.Id, "output");

        // Which generators the outputs use, which tasks those read, and which variables each simple task must record.
        var used = new List<SedDataGenerator>();
        foreach (var o in doc.Outputs)
        {
            IEnumerable<(string Ref, string Where)> refs = o switch
            {
                SedReport r => r.DataSets.Select(d => (d.DataReference, $"data set '{d.Id}' of report '{r.Id}'")),
                SedPlot2D p => p.Curves.SelectMany(c => new[] { (c.XDataReference, $"curve '{c.Id}' of plot '{p.Id}'"), (c.YDataReference, $"curve '{c.Id}' of plot '{p.Id}'") }),
                _ => [],
            };
            foreach (var (r, where) in refs) used.Add(SedIds.Find(generators, r, "data generator", where));
        }
        var plan = new SedTaskPlan(tasks, simulations, models);
        foreach (var g in used.Distinct())
            foreach (var v in g.Math.Variables)
                plan.Require(v, $"variable '{v.Id}' of data generator '{g.Id}'");

        var taskResults = new Dictionary<string, Dictionary<string, SedTensor>>(StringComparer.Ordinal);
        foreach (var t in doc.Tasks.Where(t => plan.IsNeeded(t.Id)))
            taskResults[t.Id] = RunTask(t, plan, models, simulations);

        var generated = new Dictionary<string, SedTensor>(StringComparer.Ordinal);
        SedTensor Generate(string id)
        {
            if (!generated.TryGetValue(id, out var tensor)) generated[id] = tensor = SedDataGenerators.Evaluate(generators[id], taskResults, plan);
            return tensor;
        }
        var reports = ImmutableArray.CreateBuilder<SedReportResult>();
        var plots = ImmutableArray.CreateBuilder<SedPlotResult>();
        foreach (var o in doc.Outputs)
        {
            if (o is SedReport r) reports.Add(new SedReportResult(r, [.. r.DataSets.Select(d => Generate(d.DataReference))]));
            else if (o is SedPlot2D p) plots.Add(new SedPlotResult(p, [.. p.Curves.Select(c => (c, Generate(c.XDataReference), Generate(c.YDataReference)))],
                p.Curves.Length == 0 ? "" : generators[p.Curves[0].XDataReference] is var x ? x.Name ?? x.Id : ""));
        }
        return new SedRunResult(doc, reports.ToImmutable(), plots.ToImmutable());
    }

    Dictionary<string, SedTensor> RunTask(SedTask task, SedTaskPlan plan, SedModels models, Dictionary<string, SedSimulation> simulations)
    {
        if (task is SedSimpleTask simple)
        {
            var values = RunSimple(simple, models.NewSimulator(simple.ModelReference), plan.Variables(simple.Id), simulations);
            return values.ToDictionary(kv => kv.Key, kv => kv.Value is { Length: 1 } && simulations[simple.SimulationReference] is SedSteadyState
                ? new SedTensor([], kv.Value) : SedTensor.Vector(kv.Value), StringComparer.Ordinal);
        }
        return RunRepeated((SedRepeatedTask)task, plan, models, simulations);
    }

    Dictionary<string, double[]> RunSimple(SedSimpleTask task, Simulator sim, IReadOnlyList<string> variables, Dictionary<string, SedSimulation> simulations)
    {
        var outputs = variables.Where(v => v != SedTaskPlan.Time).ToList();
        var result = new Dictionary<string, double[]>(StringComparer.Ordinal);
        switch (simulations[task.SimulationReference])
        {
            case SedUniformTimeCourse tc:
                {
                    var times = Enumerable.Range(0, tc.NumberOfSteps + 1)
                        .Select(i => i == tc.NumberOfSteps ? tc.OutputEndTime : tc.OutputStartTime + (tc.OutputEndTime - tc.OutputStartTime) * i / tc.NumberOfSteps).ToArray();
                    var settings = new SimulationSettings
                    {
                        Start = tc.InitialTime,
                        End = tc.OutputEndTime,
                        Times = times,
                        Variables = outputs,
                        Solver = KisaoAlgorithms.SolverFor(tc.Algorithm, tc.Id, Warn),
                    };
                    settings = KisaoAlgorithms.Apply(tc.Algorithm, settings, tc.Id, Warn);
                    SimulationResult r;
                    try { r = sim.Run(settings); }
                    catch (ArgumentException e) { throw new SedmlException($"task '{task.Id}': {e.Message}"); }
                    result[SedTaskPlan.Time] = r.Times;
                    for (int i = 0; i < outputs.Count; i++) result[outputs[i]] = r.Values[i];
                    break;
                }
            case SedSteadyState ss:
                {
                    if (!KisaoAlgorithms.SteadyState.Contains(KisaoAlgorithms.Normalise(ss.Algorithm.KisaoId)))
                        Warn($"simulation '{ss.Id}': {ss.Algorithm.KisaoId} is not a steady-state algorithm TrkbSim knows; using its steady-state solver (Newton, integration fallback)");
                    foreach (var p in ss.Algorithm.Parameters)
                        Warn($"simulation '{ss.Id}': algorithm parameter {p.KisaoId} = {p.Value} is not used by the steady-state solver; ignored");
                    var state = SteadyStateSolver.Solve(sim, new SteadyStateOptions { Method = SteadyStateMethod.Auto });
                    var values = sim.ValuesAt([.. state.State], outputs);
                    result[SedTaskPlan.Time] = [double.NaN];
                    for (int i = 0; i < outputs.Count; i++) result[outputs[i]] = [values[i]];
                    break;
                }
        }
        return result;
    }

    Dictionary<string, SedTensor> RunRepeated(SedRepeatedTask task, SedTaskPlan plan, SedModels models, Dictionary<string, SedSimulation> simulations)
    {
        string where = $"repeated task '{task.Id}'";
        var ranges = SedIds.Index(task.Ranges, r => r.Id, "range");
        var master = SedIds.Find(ranges, task.RangeId, "range", where);
        int n = SedRanges.Count(master, ranges, where);
        if (n > MaxIterations) throw new SedmlException($"{where}: {n} iterations; at most {MaxIterations} are run");
        if (!task.ResetModel && n > 1)
            throw new SedmlException($"{where}: resetModel=\"false\" (each iteration continuing from the previous one's state) is not supported; set resetModel=\"true\"");
        var subTasks = plan.SubTasks(task);
        var shared = subTasks.GroupBy(s => s.ModelReference).FirstOrDefault(g => g.Count() > 1);
        if (shared is not null)
            throw new SedmlException($"{where}: sub-tasks {string.Join(", ", shared.Select(s => $"'{s.Id}'"))} share model '{shared.Key}' (the later would continue from the earlier's state); this is not supported");
        var variables = plan.Variables(task.Id);
        // rows[name][iteration][subtask] = values
        var rows = variables.ToDictionary(v => v, _ => new double[n * subTasks.Count][], StringComparer.Ordinal);
        for (int i = 0; i < n; i++)
        {
            var sims = new Dictionary<string, Simulator>(StringComparer.Ordinal);
            Simulator SimFor(string model) => sims.TryGetValue(model, out var s) ? s : sims[model] = models.NewSimulator(model);
            var rangeValues = SedRanges.Values(ranges, i, where, v => SedModels.ReadModelValue(v, SimFor(v.ModelReference ?? subTasks[0].ModelReference),
                models.Compiled(v.ModelReference ?? subTasks[0].ModelReference).Model, v.ModelReference ?? subTasks[0].ModelReference, where));
            foreach (var set in task.SetValues)
            {
                string setWhere = $"{where}, setValue of '{set.Target}'";
                if (!models.Contains(set.ModelReference)) throw new SedmlException($"{setWhere}: no model '{set.ModelReference}'");
                var sim = SimFor(set.ModelReference);
                var model = models.Compiled(set.ModelReference).Model;
                double value = SedMathEvaluator.Evaluate(set.Math, setWhere, name => rangeValues.TryGetValue(name, out double r) ? r : null,
                    v => SedModels.ReadModelValue(v, sim, model, set.ModelReference, setWhere));
                SedModels.Set(sim, model, SedTarget.Parse(set.Target, setWhere), value, setWhere);
            }
            for (int k = 0; k < subTasks.Count; k++)
            {
                var values = RunSimple(subTasks[k], SimFor(subTasks[k].ModelReference), plan.Variables(subTasks[k].Id), simulations);
                foreach (var v in variables) rows[v][i * subTasks.Count + k] = values[v];
            }
        }
        var result = new Dictionary<string, SedTensor>(StringComparer.Ordinal);
        foreach (var (v, r) in rows)
        {
            bool scalar = subTasks.All(s => simulations[s.SimulationReference] is SedSteadyState);
            int width = r.Max(x => x.Length);
            var data = new double[r.Length * width];
            Array.Fill(data, double.NaN);
            for (int j = 0; j < r.Length; j++) r[j].CopyTo(data, j * width);
            result[v] = new SedTensor(scalar ? [n, subTasks.Count] : [n, subTasks.Count, width], data);
        }
        return result;
    }
}
