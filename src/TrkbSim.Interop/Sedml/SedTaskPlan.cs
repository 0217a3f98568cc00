namespace TrkbSim.Interop.Sedml;

/// <summary>
/// Which tasks a document's outputs need and which model variables each must record, checked against the models
/// before anything runs (a missing task, model, simulation or model quantity is an error naming it).
/// </summary>
internal sealed class SedTaskPlan(Dictionary<string, SedTask> tasks, Dictionary<string, SedSimulation> simulations, SedModels models)
{
    /// <summary>The recorded name of the simulation time.</summary>
    public const string Time = "time";

    readonly Dictionary<string, List<string>> _variables = new(StringComparer.Ordinal);

    public bool IsNeeded(string taskId) => _variables.ContainsKey(taskId);

    /// <summary>The names (TrkbSim output variables, and <see cref="Time"/>) a task records.</summary>
    public IReadOnlyList<string> Variables(string taskId) => _variables.TryGetValue(taskId, out var v) ? v : [Time];

    /// <summary>The name under which a variable's values are recorded: an id in its math meaning, or <see cref="Time"/>.</summary>
    public static string KeyOf(SedVariable v, string where)
    {
        if (v.Symbol is { } symbol)
        {
            if (symbol != SedTarget.TimeSymbol)
                throw new SedmlException($"{where}: symbol '{symbol}' is not supported; allowed: {SedTarget.TimeSymbol}");
            return Time;
        }
        var t = SedTarget.Parse(v.Target!, where);
        if (t.Attribute is not null)
            throw new SedmlException($"{where}: target '{v.Target}' reads attribute '{t.Attribute}'; give the element itself (its value during the simulation)");
        return t.Id;
    }

    /// <summary>Records that a data generator variable is needed, checking its task, model and target.</summary>
    public void Require(SedVariable v, string where)
    {
        if (v.TaskReference is null)
            throw new SedmlException($"{where}: a data generator variable needs a taskReference");
        var task = SedIds.Find(tasks, v.TaskReference, "task", where);
        string key = KeyOf(v, where);
        var simple = task is SedRepeatedTask rt ? SubTasks(rt) : [(SedSimpleTask)task];
        foreach (var s in simple)
        {
            Check(s, where);
            if (key != Time) SedTarget.Parse(v.Target!, where).Check(models.Compiled(s.ModelReference).Model, where);
            Add(s.Id, key);
        }
        Add(task.Id, key);
    }

    /// <summary>The sub-tasks of a repeated task in execution order (by order, then document order); each must be a simple task.</summary>
    public List<SedSimpleTask> SubTasks(SedRepeatedTask rt)
    {
        string where = $"repeated task '{rt.Id}'";
        if (rt.SubTasks.Length == 0) throw new SedmlException($"{where} has no sub-tasks");
        var ordered = rt.SubTasks.Select((s, i) => (s, i)).OrderBy(x => x.s.Order ?? int.MaxValue).ThenBy(x => x.i).Select(x => x.s);
        var list = new List<SedSimpleTask>();
        foreach (var s in ordered)
        {
            var t = SedIds.Find(tasks, s.TaskReference, "task", $"sub-task of {where}");
            if (t is not SedSimpleTask simple)
                throw new SedmlException($"{where}: sub-task '{s.TaskReference}' is itself a repeated task; nested repeated tasks are not supported");
            Check(simple, where);
            list.Add(simple);
        }
        return list;
    }

    void Check(SedSimpleTask t, string where)
    {
        if (!models.Contains(t.ModelReference))
            throw new SedmlException($"task '{t.Id}' (used by {where}) refers to model '{t.ModelReference}', which the document does not define");
        SedIds.Find(simulations, t.SimulationReference, "simulation", $"task '{t.Id}'");
    }

    void Add(string taskId, string key)
    {
        if (!_variables.TryGetValue(taskId, out var list)) _variables[taskId] = list = [Time];
        if (!list.Contains(key)) list.Add(key);
    }
}
