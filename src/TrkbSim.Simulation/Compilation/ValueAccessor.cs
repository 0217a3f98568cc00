namespace TrkbSim.Simulation.Compilation;

/// <summary>How to read one output quantity from y and p: a slot, optionally divided or multiplied by another (compartment size).</summary>
internal readonly record struct ValueAccessor(SlotArray Array, int Index, int Scale = 0, SlotArray ScaleArray = SlotArray.P, int ScaleIndex = -1)
{
    /// <summary>Scale: 0 none, -1 divide by the scale slot, +1 multiply by it.</summary>
    public double Read(double[] y, double[] p)
    {
        double v = Array == SlotArray.Y ? y[Index] : p[Index];
        if (Scale == 0) return v;
        double s = ScaleArray == SlotArray.Y ? y[ScaleIndex] : p[ScaleIndex];
        return Scale < 0 ? v / s : v * s;
    }
}
