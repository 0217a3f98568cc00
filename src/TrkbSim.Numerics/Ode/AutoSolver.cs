namespace TrkbSim.Numerics.Ode;

/// <summary>
/// Automatic stiffness switching: integrates with Tsit5 and moves to a stiff method when |lambda*h| estimates say the
/// explicit method is held back by its stability limit, and back again when the problem turns non-stiff (with
/// hysteresis, in the manner of AutoTsit5 in DifferentialEquations.jl). The stiff method is Rodas5P for systems with
/// fewer than <see cref="BdfMinimumDimension"/> states and BDF (<see cref="BdfSolver"/>, which keeps its Jacobian and
/// LU across steps) from there on; threshold measured on generated reaction networks (docs/performance.md, "BDF").
/// Interpolation always uses the method that took the last step.
/// </summary>
public sealed class AutoSolver : OdeSolver
{
    /// <summary>Fraction of the explicit stability boundary above which a step counts as stiff.</summary>
    internal const double StiffnessThreshold = 0.9;
    /// <summary>Consecutive stiff votes before switching to the stiff method.</summary>
    internal const int StiffStepsToSwitch = 10;
    /// <summary>Consecutive non-stiff votes before switching back.</summary>
    private const int NonStiffStepsToSwitch = 3;
    /// <summary>
    /// While no stiff vote is pending, the explicit method estimates stiffness on every this many steps (as DOPRI5's
    /// NSTIFF, only much more often); after a stiff vote it estimates on every step until the switch or a non-stiff vote.
    /// </summary>
    internal const int CheckEvery = 4;
    /// <summary>
    /// Steps BDF takes after a switch before its step sizes count as non-stiff votes: it restarts at order 1 with a small
    /// step and needs a few steps to grow it, during which |lambda*h| says nothing about stiffness.
    /// </summary>
    private const int BdfStepsBeforeVoting = 25;
    /// <summary>Step-size factor applied at a switch (larger for the stiff method, smaller for the explicit one).</summary>
    private const double SwitchStepFactor = 2.0;

    /// <summary>Smallest number of states for which the stiff method is BDF rather than Rodas5P.</summary>
    public const int BdfMinimumDimension = 60;

    private readonly Tsit5Solver _nonStiff = new();
    private readonly Rodas5PSolver _rodas = new();
    private readonly BdfSolver _bdf = new();
    private OdeSolver _stiff;
    private IStiffnessAware _stiffInfo;
    private OdeSolver _active;
    private OdeSolver _lastStepper;
    private OdeOptions _options = new();
    private int _votes;
    private int _sinceCheck;
    private long _stiffStepsAtSwitch;
    private bool _initialized;

    public AutoSolver()
    {
        _active = _nonStiff;
        _lastStepper = _nonStiff;
        _stiff = _rodas;
        _stiffInfo = _rodas;
    }

    public override string Name => "auto";

    public override ReadOnlySpan<double> State => _lastStepper.State;

    /// <summary>True while the stiff method (Rodas5P or BDF) is taking the steps.</summary>
    public bool UsingStiffMethod => ReferenceEquals(_active, _stiff);

    /// <summary>The stiff method chosen at <see cref="Initialize"/> for the system's size ("rodas5p" or "bdf").</summary>
    public string StiffMethod => _stiff.Name;

    /// <summary>How many times the method has been switched since Initialize.</summary>
    public int Switches { get; private set; }

    public override void Initialize(IOdeSystem system, double t0, ReadOnlySpan<double> y0, OdeOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        ArgumentNullException.ThrowIfNull(system);
        _nonStiff.Initialize(system, t0, y0, options);
        bool large = system.Dimension >= BdfMinimumDimension;
        _stiff = large ? _bdf : _rodas;
        _stiffInfo = large ? _bdf : _rodas;
        _stiff.Initialize(system, t0, y0, options);
        _active = _nonStiff;
        _lastStepper = _nonStiff;
        _votes = 0;
        _sinceCheck = 0;
        Switches = 0;
        Time = t0;
        PreviousTime = t0;
        _initialized = true;
        Statistics.Reset();
    }

    public override void Step(double tStop)
    {
        if (!_initialized)
        {
            throw new InvalidOperationException("Call Initialize before stepping.");
        }

        long used = Statistics.AcceptedSteps + Statistics.RejectedSteps;
        if (used >= _options.MaxSteps)
        {
            throw SolverSupport.TooManySteps(Name, Time, _options.MaxSteps);
        }

        if (!UsingStiffMethod)
        {
            bool check = _votes > 0 || ++_sinceCheck >= CheckEvery;
            if (check) _sinceCheck = 0;
            _nonStiff.EstimateStiffness = check;
        }

        try
        {
            _active.Step(tStop);
        }
        finally
        {
            Aggregate();
        }

        _lastStepper = _active;
        PreviousTime = _active.PreviousTime;
        Time = _active.Time;
        Vote();
    }

    private void Vote()
    {
        if (!UsingStiffMethod)
        {
            if (!_nonStiff.EstimateStiffness) return;
            double ratio = _nonStiff.EigenvalueEstimate * Math.Abs(_nonStiff.LastStepSize) / Tsit5Solver.StabilityBoundary;
            _votes = ratio > StiffnessThreshold ? Math.Max(_votes, 0) + 1 : 0;
            if (_votes > StiffStepsToSwitch)
            {
                _stiffInfo.ContinueFrom(Time, _nonStiff.State, _nonStiff.ProposedStep * SwitchStepFactor);
                _active = _stiff;
                _votes = 0;
                _stiffStepsAtSwitch = _stiff.Statistics.AcceptedSteps;
                Switches++;
            }
        }
        else if (!ReferenceEquals(_stiff, _bdf) || _stiff.Statistics.AcceptedSteps - _stiffStepsAtSwitch >= BdfStepsBeforeVoting)
        {
            double ratio = _stiffInfo.JacobianNorm * Math.Abs(_stiffInfo.LastStepSize) / Tsit5Solver.StabilityBoundary;
            _votes = ratio <= StiffnessThreshold ? Math.Min(_votes, 0) - 1 : 0;
            if (_votes < -NonStiffStepsToSwitch)
            {
                _nonStiff.ContinueFrom(Time, _stiff.State, _stiffInfo.ProposedStep / SwitchStepFactor);
                _active = _nonStiff;
                _votes = 0;
                Switches++;
            }
        }
    }

    private void Aggregate()
    {
        SolverStatistics a = _nonStiff.Statistics, b = _stiff.Statistics;
        Statistics.AcceptedSteps = a.AcceptedSteps + b.AcceptedSteps;
        Statistics.RejectedSteps = a.RejectedSteps + b.RejectedSteps;
        Statistics.FunctionEvaluations = a.FunctionEvaluations + b.FunctionEvaluations;
        Statistics.JacobianEvaluations = a.JacobianEvaluations + b.JacobianEvaluations;
        Statistics.LuDecompositions = a.LuDecompositions + b.LuDecompositions;
        Statistics.Restarts = a.Restarts + b.Restarts;
    }

    public override void Interpolate(double t, Span<double> y)
    {
        if (!_initialized)
        {
            throw new InvalidOperationException("Call Initialize before interpolating.");
        }

        _lastStepper.Interpolate(t, y);
    }

    public override void Restart(double t, ReadOnlySpan<double> y)
    {
        if (!_initialized)
        {
            throw new InvalidOperationException("Call Initialize before restarting.");
        }

        _active.Restart(t, y);
        _lastStepper = _active;
        _votes = 0;
        _stiffStepsAtSwitch = _stiff.Statistics.AcceptedSteps; // BDF starts again at order 1
        Time = t;
        PreviousTime = t;
        Aggregate();
    }
}
