using TrkbSim.Modeling.Math;

namespace TrkbSim.Simulation.Compilation;

/// <summary>Which run-time array holds a value: the ODE state or the parameter/work array.</summary>
internal enum SlotArray : byte { Y, P }

/// <summary>A resolved symbol: a read of y[Index] or p[Index]. Model math is rewritten into these before emission.</summary>
internal sealed record SlotExpr(SlotArray Array, int Index) : Expr
{
    public override string ToString() => Array == SlotArray.Y ? $"y[{Index}]" : $"p[{Index}]";
}
