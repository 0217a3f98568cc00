namespace TrkbSim.Numerics.RootFinding;

/// <summary>A scalar function of one variable whose sign change is sought; implement on a struct to avoid allocation.</summary>
public interface IRootFunction
{
    double Evaluate(double x);
}
