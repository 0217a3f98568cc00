namespace TrkbSim.Numerics.Ode;

/// <summary>
/// Coefficients of a stiffly accurate Rodas-type Rosenbrock method in the W-transformed form of Hairer and Wanner
/// (Solving ODEs II, IV.7): stage i solves (I/(h*gamma) - J) k_i = f(t + c_i h, u_i) + h d_i f_t + sum_j (C_ij / h) k_j.
/// The first <see cref="ExplicitStages"/> stage states are u_i = y + sum_j A_ij k_j; later ones add the previous increment,
/// and y_new = u_s + k_s with k_s the error estimate. Dense output: y(theta) = (1-theta) y0 + theta (y1 + (1-theta)(D1 + theta (D2 + theta D3))),
/// D_r = sum_j H_rj k_j.
/// </summary>
internal sealed record RosenbrockTableau(
    string Name,
    int Stages,
    int ExplicitStages,
    double Gamma,
    double[] A,
    double[] C,
    double[] Nodes,
    double[] D,
    double[] H,
    int DenseTerms,
    int EmbeddedOrder)
{
    /// <summary>Rodas4 (Hairer and Wanner), order 4(3), six stages, order-3 dense output.</summary>
    public static RosenbrockTableau Rodas4 { get; } = CreateRodas4();

    /// <summary>Rodas5P (Steinebach 2023), order 5(4), eight stages, order-4 dense output.</summary>
    public static RosenbrockTableau Rodas5P { get; } = CreateRodas5P();

    private static RosenbrockTableau CreateRodas4()
    {
        const int s = 6;
        var a = new double[s * s];
        var c = new double[s * s];
        Set(a, s, 1, [1.544]);
        Set(a, s, 2, [0.9466785280815826, 0.2557011698983284]);
        Set(a, s, 3, [3.314825187068521, 2.896124015972201, 0.9986419139977817]);
        Set(a, s, 4, [1.221224509226641, 6.019134481288629, 12.53708332932087, -0.6878860361058950]);
        Set(c, s, 1, [-5.6688]);
        Set(c, s, 2, [-2.430093356833875, -0.2063599157091915]);
        Set(c, s, 3, [-0.1073529058151375, -9.594562251023355, -20.47028614809616]);
        Set(c, s, 4, [7.496443313967647, -10.24680431464352, -33.99990352819905, 11.70890893206160]);
        Set(c, s, 5, [8.083246795921522, -7.981132988064893, -31.52159432874371, 16.31930543123136, -6.058818238834054]);
        double[] nodes = [0, 0.386, 0.21, 0.63, 1, 1];
        double[] d = [0.25, -0.1043, 0.1035, -0.0362, 0, 0];
        var h = new double[3 * s];
        double[] h1 = [10.12623508344586, -7.487995877610167, -34.80091861555747, -7.992771707568823, 1.025137723295662, 0];
        double[] h2 = [-0.6762803392801253, 6.087714651680015, 16.43084320892478, 24.76722511418386, -6.594389125716872, 0];
        h1.CopyTo(h, 0);
        h2.CopyTo(h, s);
        return new RosenbrockTableau("rodas4", s, 5, 0.25, a, c, nodes, d, h, 2, 3);
    }

    private static RosenbrockTableau CreateRodas5P()
    {
        const int s = 8;
        var a = new double[s * s];
        var c = new double[s * s];
        Set(a, s, 1, [3.0]);
        Set(a, s, 2, [2.849394379747939, 0.45842242204463923]);
        Set(a, s, 3, [-6.954028509809101, 2.489845061869568, -10.358996098473584]);
        Set(a, s, 4, [2.8029986275628964, 0.5072464736228206, -0.3988312541770524, -0.04721187230404641]);
        Set(a, s, 5, [-7.502846399306121, 2.561846144803919, -11.627539656261098, -0.18268767659942256, 0.030198172008377946]);
        Set(c, s, 1, [-14.155112264123755]);
        Set(c, s, 2, [-17.97296035885952, -2.859693295451294]);
        Set(c, s, 3, [147.12150275711716, -1.41221402718213, 71.68940251302358]);
        Set(c, s, 4, [165.43517024871676, -0.4592823456491126, 42.90938336958603, -5.961986721573306]);
        Set(c, s, 5, [24.854864614690072, -3.0009227002832186, 47.4931110020768, 5.5814197821558125, -0.6610691825249471]);
        Set(c, s, 6, [30.91273214028599, -3.1208243349937974, 77.79954646070892, 34.28646028294783, -19.097331116725623, -28.087943162872662]);
        Set(c, s, 7, [37.80277123390563, -3.2571969029072276, 112.26918849496327, 66.9347231244047, -40.06618937091002, -54.66780262877968, -9.48861652309627]);
        double[] nodes = [0, 0.6358126895828704, 0.4095798393397535, 0.9769306725060716, 0.4288403609558664, 1, 1, 1];
        double[] d = [0.21193756319429014, -0.42387512638858027, -0.3384627126235924, 1.8046452872882734, 2.325825639765069, 0, 0, 0];
        double[] h = [
            25.948786856663858, -2.5579724845846235, 10.433815404888879, -2.3679251022685204, 0.524948541321073, 1.1241088310450404, 0.4272876194431874, -0.17202221070155493,
            -9.91568850695171, -0.9689944594115154, 3.0438037242978453, -24.495224566215796, 20.176138334709044, 15.98066361424651, -6.789040303419874, -6.710236069923372,
            11.419903575922262, 2.8879645146136994, 72.92137995996029, 80.12511834622643, -52.072871366152654, -59.78993625266729, -0.15582684282751913, 4.883087185713722,
        ];
        return new RosenbrockTableau("rodas5p", s, 6, 0.21193756319429014, a, c, nodes, d, h, 3, 4);
    }

    private static void Set(double[] m, int s, int row, double[] values) => values.CopyTo(m, row * s);
}
