namespace TrkbSim.Numerics.Ode;

/// <summary>Rodas4 (Hairer and Wanner): L-stable stiffly accurate Rosenbrock method of order 4(3) with order-3 dense output.</summary>
public sealed class Rodas4Solver() : RosenbrockSolver(RosenbrockTableau.Rodas4);
