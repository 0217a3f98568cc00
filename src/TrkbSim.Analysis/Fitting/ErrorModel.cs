namespace TrkbSim.Analysis.Fitting;

/// <summary>How measurement noise scales: y = f + sigma*e (additive) or y = f*(1 + sigma*e) (proportional).</summary>
public enum ErrorModel
{
    Additive,
    Proportional,
}
