namespace TrkbSim.Numerics.Ode;

/// <summary>Rodas5P (G. Steinebach, 2023): L-stable stiffly accurate Rosenbrock method of order 5(4) with order-4 dense output.</summary>
public sealed class Rodas5PSolver() : RosenbrockSolver(RosenbrockTableau.Rodas5P);
