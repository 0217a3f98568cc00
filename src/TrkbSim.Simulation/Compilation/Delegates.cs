namespace TrkbSim.Simulation;

/// <summary>Right-hand side or Jacobian: reads t, y and p (parameters and work slots), writes the output array.</summary>
public delegate void ModelFunction(double t, double[] y, double[] p, double[] output);

/// <summary>Evaluates every assignment rule and reaction rate into their p slots.</summary>
internal delegate void ComputeFunction(double t, double[] y, double[] p);

/// <summary>Sets y and p at t0 from declared values (decl), a per-symbol mode and initial assignments.</summary>
internal delegate void InitFunction(double t, double[] y, double[] p, double[] decl, int[] mode);

/// <summary>Writes every event trigger's truth value.</summary>
internal delegate void TriggerFunction(double t, double[] y, double[] p, bool[] triggers);

/// <summary>A per-event number (delay, priority, scheduled time) for event index e.</summary>
internal delegate double EventScalarFunction(int e, double t, double[] y, double[] p);

/// <summary>Writes the values of event e's assignments (in math meaning).</summary>
internal delegate void EventValuesFunction(int e, double t, double[] y, double[] p, double[] values);

/// <summary>The first argument (x) or the delay (tau) of delay term k, from a state and the stored parameters.</summary>
internal delegate double DelayFunction(int k, double t, double[] y, double[] p);
