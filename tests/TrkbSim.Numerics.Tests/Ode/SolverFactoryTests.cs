using TrkbSim.Numerics.Ode;

namespace TrkbSim.Numerics.Tests.Ode;

public sealed class SolverFactoryTests
{
    [Fact]
    public void EveryNameCreatesAFreshSolverOfThatName()
    {
        Assert.Equal(["auto", "tsit5", "rodas5p", "rodas4", "bdf"], SolverFactory.Names);
        foreach (string name in SolverFactory.Names)
        {
            OdeSolver a = SolverFactory.Create(name), b = SolverFactory.Create(name.ToUpperInvariant());
            Assert.Equal(name, a.Name);
            Assert.NotSame(a, b);
        }

        Assert.IsType<Rodas5PSolver>(SolverFactory.Create("rodas5p"));
        Assert.IsType<Tsit5Solver>(SolverFactory.Create("tsit5"));
        Assert.IsType<AutoSolver>(SolverFactory.Create("auto"));
    }

    [Fact]
    public void UnknownNameListsTheAllowedOnes()
    {
        var ex = Assert.Throws<ArgumentException>(() => SolverFactory.Create("euler"));
        Assert.Contains("euler", ex.Message);
        foreach (string name in SolverFactory.Names)
        {
            Assert.Contains(name, ex.Message);
        }
    }
}
