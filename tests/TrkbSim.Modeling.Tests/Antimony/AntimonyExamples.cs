namespace TrkbSim.Modeling.Tests.Antimony;

/// <summary>Antimony models in the style of the language's tutorial, shared by the reader and round-trip tests.</summary>
internal static class AntimonyExamples
{
    public const string MassActionChain = """
        # Simple uni-uni chain with first-order mass-action kinetics
        model chain
          J1: S1 -> S2; k1*S1
          J2: S2 -> S3; k2*S2
          S1 = 10
          S2 = 0
          S3 = 0
          k1 = 0.1
          k2 = 0.25
        end
        """;

    public const string Oscillator = """
        model oscli
          #Reactions:
          J0:    -> S1;  J0_v0
          J1: S1 ->   ;  J1_k3*S1
          J2: S1 -> S2; (J2_k1*S1 - J2_k2*S2)*(1 + J2_c*S2^J2_q)
          J3: S2 ->   ;  J3_k2*S2

          # Species initializations:
          S1 = 0
          S2 = 1

          # Variable initializations:
          J0_v0 = 8
          J1_k3 = 0
          J2_k1 = 1
          J2_k2 = 0
          J2_c  = 1
          J2_q  = 3
          J3_k2 = 5
        end
        """;

    public const string Reset = """
        model reset()
          S1 -> S2; k1*S1
          E1: at (S2>9): S2=0, S1=10
          S1 = 10
          S2 = 0
          k1 = 0.5
        end
        """;

    public const string RateRules = """
        model pathway()
          # Assignments that change in time
          k1 := sin(time)  // k1 always equals the sine of time
          k2  = 0.2
          k2' = k1         /* k2 starts at 0.2 and changes
                              at the rate k1 */
          S1 -> S2; k1*S1
          S2 -> S3; k2*S2
          S1 = 1; S2 = 0; S3 = 0
        end
        """;

    public const string Functions = """
        function quadratic(x, a, b, c)
          a*x^2 + b*x + c
        end

        function hill(s, vmax, km, n)
          vmax*s^n/(km^n + s^n)
        end

        model quad1
          S3 := quadratic(s1, k1, k2, k3);
          J0: $X0 -> S1; hill(X0, 2, 0.5, 4)
          s1 = 2; k1 = 1; k2 = -1; k3 = 0.5
          X0 = 1.5
        end
        """;

    public const string Compartments = """
        model pathway()
          compartment cytoplasm = 1.5, mitochondria = 2.6
          const S1 in mitochondria
          var S2 in cytoplasm
          var S3 in cytoplasm
          const S4 in cytoplasm

          S1 -> S2; k1*S1
          S2 -> S3; k2*S2
          S3 -> S4; k3*S3
          S1 = 3; S2 = 0; S3 = 0; S4 = 0
          k1 = 0.1; k2 = 0.2; k3 = 0.3
        end
        """;

    public const string EventsWithOptions = """
        model dosing
          species Drug in body = 0
          compartment body = 5
          J1: Drug -> ; ke*Drug
          ke = 0.3
          dose = 10
          E1: at 0.5 after (time > 24), priority = 2, t0=false, persistent=false, fromTrigger=false: Drug = Drug + dose/body, dose = dose*0.9
          E2: at time >= 48: ke = 0.6
          at (Drug < 0.1), t0 = false: dose = 0
        end
        """;

    public const string Everything = """
        /* A model that uses every statement kind the reader supports. */
        model *full()
          unit conc = mole / litre
          unit ms = 1e-3 second
          unit per_ms = 1 / ms
          unit substance = 1e-6 mole

          function mm(s, vm, km)
            vm*s/(km + s)
          end

          compartment cell = 2.5, nucleus
          var compartment vesicle = 0.1
          species A in cell, B in cell, $Src in cell
          substanceOnly species Pool in nucleus = 12
          const species Fixed in cell = 3

          J1: $Src + 2 A => B; mm(A, Vm, Km)*Fixed;
          J2 in nucleus: B -> 2.5 Pool; kt*B
          -> A; k0
          A + B -> ; kab*A*B

          A = 1; B = 0.5; Src = 4
          Vm = 3 conc; Km = 0.4; kt = 0.01; k0 = 0.2; kab = 1e-3
          Vm has conc
          total := A + B + Pool/nucleus
          ratio = A/B
          vesicle' = -0.01*vesicle
          signal' = piecewise(1, time < 5, 0) - signal/tau
          tau = 2; signal = 0
          nucleus = 0.5*cell

          E1: at signal > 0.5, priority = 1: kt = kt*2, A = A + 1
          E2: at 3 after (total < 1), fromTrigger = false: k0 = 0

          A is "protein A"
          J1 is "conversion"
          full is "A full model"
          kt has per_ms
        end
        """;

    public static IEnumerable<object[]> All() =>
    [
        [nameof(MassActionChain), MassActionChain], [nameof(Oscillator), Oscillator], [nameof(Reset), Reset],
        [nameof(RateRules), RateRules], [nameof(Functions), Functions], [nameof(Compartments), Compartments],
        [nameof(EventsWithOptions), EventsWithOptions], [nameof(Everything), Everything],
    ];
}
