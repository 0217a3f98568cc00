using TrkbSim.Analysis.Fitting;

namespace TrkbSim.Pharmacology.Calibration;

/// <summary>One target after the fit: observed (derived) and predicted percent reduction, before and after.</summary>
public sealed record CalibrationRow(CalibrationTarget Target, double PredictedBefore, double PredictedAfter)
{
    public double Residual => Target.PercentReduction - PredictedAfter;
    public double FoldError => PredictedAfter / Target.PercentReduction;
}

/// <summary>The outcome of <see cref="Calibrator.Run"/>: the fit, the per-target table and the settings used.</summary>
public sealed record CalibrationReport(FitResult Fit, IReadOnlyList<CalibrationRow> Rows, IReadOnlyList<FitParameter> Parameters,
    IReadOnlyDictionary<string, double> Nominal, int Seed, int Starts);
