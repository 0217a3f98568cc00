using System.Globalization;
using System.Security.Cryptography;
using TrkbSim.Bench;
using TrkbSim.Modeling.Antimony;
using TrkbSim.Simulation;

namespace TrkbSim.Bench.Sparse;

/// <summary>
/// SHA-256 of what a compiled network computes (<c>--values-hash N</c>): the right-hand side, the dense and the sparse
/// Jacobian at the initial state and at a perturbed one, as raw bits. Two builds of the engine compile bit-identical
/// models exactly when the hashes agree; used to check that a change to the build leaves every value as it was.
/// </summary>
internal static class ValuesHash
{
    public static void Run(int species)
    {
        var compiled = ModelCompiler.Compile(AntimonyReader.Parse(NetworkGenerator.Antimony(species, stiff: true), $"network{species}s.ant"));
        var sim = compiled.CreateSimulator();
        var system = (TrkbSim.Numerics.Ode.ISparseJacobianSystem)sim.OdeSystem;
        var y0 = sim.GetState();
        int n = y0.Length;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(double[] xs)
        {
            foreach (double x in xs) sha.AppendData(BitConverter.GetBytes(BitConverter.DoubleToInt64Bits(x)));
        }
        foreach (double scale in new[] { 0.0, 0.37 })
        {
            var y = new double[n];
            for (int i = 0; i < n; i++) y[i] = y0[i] + scale * (1 + (i % 7)) / 7.0;
            var dydt = new double[n];
            sim.OdeSystem.Derivatives(0.5, y, dydt);
            Add(dydt);
            var sparse = new double[compiled.JacobianNonZeros];
            system.SparseJacobian(0.5, y, sparse);
            Add(sparse);
            if (n <= 2000)
            {
                var dense = new double[n * n];
                sim.OdeSystem.Jacobian(0.5, y, dense);
                Add(dense);
            }
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"network{species}s: {n} states, {compiled.JacobianNonZeros} Jacobian non-zeros, SHA-256 {Convert.ToHexString(sha.GetHashAndReset())}"));
    }
}
