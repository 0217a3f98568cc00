using System.Collections.Immutable;
using TrkbSim.Modeling.Math;

namespace TrkbSim.Interop.Sedml;

/// <summary>A SED-ML document (Level 1 Version 3 or 4) as far as TrkbSim runs it; <see cref="Location"/> is its path in the archive.</summary>
public sealed record SedDocument(
    string Location,
    ImmutableArray<SedModel> Models,
    ImmutableArray<SedSimulation> Simulations,
    ImmutableArray<SedTask> Tasks,
    ImmutableArray<SedDataGenerator> DataGenerators,
    ImmutableArray<SedOutput> Outputs);

/// <summary>A model: a file (or another model of the document, source "#id") with changes applied in order.</summary>
public sealed record SedModel(string Id, string Source, string Language, ImmutableArray<SedChange> Changes);

/// <summary>A change of one model attribute, given by an XPath target.</summary>
public abstract record SedChange(string Target);

/// <summary>changeAttribute: a new value for the target.</summary>
public sealed record SedAttributeChange(string Target, double NewValue) : SedChange(Target);

/// <summary>computeChange: the target's new value is math over variables (model values) and parameters.</summary>
public sealed record SedComputeChange(string Target, SedMath Math) : SedChange(Target);

/// <summary>Math with its variables and parameters, as in data generators, computeChange, setValue and functionalRange.</summary>
public sealed record SedMath(ImmutableArray<SedVariable> Variables, ImmutableArray<SedParameter> Parameters, Expr Expression);

/// <summary>A variable: a model quantity (XPath target) or a symbol such as time, from a task or a model.</summary>
public sealed record SedVariable(string Id, string? Target, string? Symbol, string? TaskReference, string? ModelReference);

/// <summary>A named constant of a math element.</summary>
public sealed record SedParameter(string Id, double Value);

/// <summary>An algorithm (KiSAO id, e.g. KISAO_0000019) and its parameters (KiSAO id, value text).</summary>
public sealed record SedAlgorithm(string KisaoId, ImmutableArray<SedAlgorithmParameter> Parameters);

/// <summary>One algorithm parameter.</summary>
public sealed record SedAlgorithmParameter(string KisaoId, string Value);

/// <summary>A simulation: what to compute with which algorithm.</summary>
public abstract record SedSimulation(string Id, SedAlgorithm Algorithm);

/// <summary>uniformTimeCourse: from <see cref="InitialTime"/>, outputs at NumberOfSteps + 1 equally spaced times from OutputStart to OutputEnd.</summary>
public sealed record SedUniformTimeCourse(string Id, SedAlgorithm Algorithm, double InitialTime, double OutputStartTime, double OutputEndTime, int NumberOfSteps)
    : SedSimulation(Id, Algorithm);

/// <summary>steadyState: one value per variable.</summary>
public sealed record SedSteadyState(string Id, SedAlgorithm Algorithm) : SedSimulation(Id, Algorithm);

/// <summary>A task: a simulation of a model, or repeated runs of sub-tasks.</summary>
public abstract record SedTask(string Id);

/// <summary>task: one simulation of one model.</summary>
public sealed record SedSimpleTask(string Id, string ModelReference, string SimulationReference) : SedTask(Id);

/// <summary>repeatedTask: for each value of the master range, set values, then run the sub-tasks in order.</summary>
public sealed record SedRepeatedTask(string Id, string RangeId, bool ResetModel, ImmutableArray<SedRange> Ranges,
    ImmutableArray<SedSetValue> SetValues, ImmutableArray<SedSubTask> SubTasks) : SedTask(Id);

/// <summary>A sub-task reference with its execution order.</summary>
public sealed record SedSubTask(string TaskReference, int? Order);

/// <summary>setValue: in each iteration, the target of a model gets the value of the math (which may read ranges by id).</summary>
public sealed record SedSetValue(string ModelReference, string Target, SedMath Math);

/// <summary>A range of a repeated task.</summary>
public abstract record SedRange(string Id);

/// <summary>uniformRange: NumberOfSteps + 1 values from Start to End, linear or logarithmic.</summary>
public sealed record SedUniformRange(string Id, double Start, double End, int NumberOfSteps, bool Log) : SedRange(Id);

/// <summary>vectorRange: the listed values.</summary>
public sealed record SedVectorRange(string Id, ImmutableArray<double> Values) : SedRange(Id);

/// <summary>functionalRange: math over another range (by id), evaluated per iteration.</summary>
public sealed record SedFunctionalRange(string Id, string RangeReference, SedMath Math) : SedRange(Id);

/// <summary>dataGenerator: math over task variables.</summary>
public sealed record SedDataGenerator(string Id, string? Name, SedMath Math);

/// <summary>An output: a report or a plot.</summary>
public abstract record SedOutput(string Id, string? Name);

/// <summary>report: a table of data sets.</summary>
public sealed record SedReport(string Id, string? Name, ImmutableArray<SedDataSet> DataSets) : SedOutput(Id, Name);

/// <summary>One column of a report.</summary>
public sealed record SedDataSet(string Id, string? Label, string? Name, string DataReference)
{
    /// <summary>The column header: the label, else the id.</summary>
    public string Header => string.IsNullOrEmpty(Label) ? Id : Label;
}

/// <summary>plot2D: curves of data generators.</summary>
public sealed record SedPlot2D(string Id, string? Name, ImmutableArray<SedCurve> Curves) : SedOutput(Id, Name);

/// <summary>One curve of a 2D plot.</summary>
public sealed record SedCurve(string Id, string? Name, string XDataReference, string YDataReference, bool LogX, bool LogY);
