using System.Text.Json;
using TrkbSim.Analysis.Evaluation;
using TrkbSim.Analysis.Sensitivity;
using TrkbSim.Modeling;
using TrkbSim.Modeling.Antimony;
using TrkbSim.Modeling.Sbml;
using TrkbSim.Trials.Chunks;

namespace TrkbSim.Distributed;

/// <summary>
/// A sensitivity run's model function as plain data for the silos: the model file's name (its extension picks the
/// reader) and text, the parameters in sample order, the output quantities and the time grid.
/// </summary>
public sealed record SampleJob(string ModelName, string ModelText, IReadOnlyList<string> Parameters, IReadOnlyList<string> Outputs,
    IReadOnlyList<double> Times, string ProgramVersion)
{
    /// <summary>A job for this program.</summary>
    public static SampleJob Create(string modelName, string modelText, IReadOnlyList<string> parameters, IReadOnlyList<string> outputs,
        IReadOnlyList<double> times) => new(modelName, modelText, parameters, outputs, times, Trials.Chunks.ProgramVersion.Current);

    /// <summary>The job as JSON (doubles round-trip exactly).</summary>
    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>Reads <see cref="ToJson"/>.</summary>
    public static SampleJob FromJson(string json) =>
        JsonSerializer.Deserialize<SampleJob>(json) ?? throw new ClusterException("empty sensitivity job");

    /// <summary>The model function the job describes (compiled here).</summary>
    public ModelSampleFunction CreateFunction()
    {
        string ext = Path.GetExtension(ModelName).ToLowerInvariant();
        Model model = ext is ".xml" or ".sbml" ? SbmlReader.Read(ModelText, ModelName) : AntimonyReader.Parse(ModelText, ModelName);
        return new ModelSampleFunction(SimulatorModelEvaluator.Create(model), Parameters, Outputs.Select(ModelQuantity.Parse).ToList(), Times);
    }
}
