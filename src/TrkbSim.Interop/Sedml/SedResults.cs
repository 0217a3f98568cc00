using System.Collections.Immutable;

namespace TrkbSim.Interop.Sedml;

/// <summary>
/// Values with a shape, row-major: [] for a steady state, [points] for a time course, [iterations, sub-tasks, points]
/// for a repeated time course (shorter rows right-padded with NaN).
/// </summary>
public sealed record SedTensor(ImmutableArray<int> Shape, double[] Data)
{
    public static SedTensor Vector(double[] data) => new([data.Length], data);

    /// <summary>Shape as BioSimulators writes it: comma-separated lengths ("" for a scalar).</summary>
    public string ShapeText => string.Join(",", Shape);
}

/// <summary>A report's values: one tensor per data set, in the report's order.</summary>
public sealed record SedReportResult(SedReport Report, ImmutableArray<SedTensor> DataSets);

/// <summary>A plot's values: x and y per curve, in the plot's order; the x axis is labelled by the first curve's x data generator (name, else id).</summary>
public sealed record SedPlotResult(SedPlot2D Plot, ImmutableArray<(SedCurve Curve, SedTensor X, SedTensor Y)> Curves, string XLabel);

/// <summary>What running one SED-ML document produced.</summary>
public sealed record SedRunResult(SedDocument Document, ImmutableArray<SedReportResult> Reports, ImmutableArray<SedPlotResult> Plots);
