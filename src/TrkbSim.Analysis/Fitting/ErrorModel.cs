using TrkbSim.Modeling.Text;

namespace TrkbSim.Analysis.Fitting;

/// <summary>How measurement noise scales: y = f + sigma*e (additive) or y = f*(1 + sigma*e) (proportional).</summary>
public enum ErrorModel
{
    Additive,
    Proportional,
}

/// <summary>Text names of <see cref="ErrorModel"/>.</summary>
public static class ErrorModelNames
{
    public static readonly NameTable<ErrorModel> Table = new("error model", ("additive", ErrorModel.Additive), ("proportional", ErrorModel.Proportional));
}
