using TrkbSim.Pharmacology.Runs;

namespace TrkbSim.Pharmacology.Tests.Runs;

public class CompiledModelCacheTests
{
    static string Text(int k) => $"model m{k}()\n  x' = -k*x; x = 1; k = {k};\nend\n";

    [Fact]
    public void ATextIsCompiledOnceAndTheLeastRecentlyUsedModelIsDroppedBeyondCapacity()
    {
        var cache = new CompiledModelCache(capacity: 2);
        var a = cache.Get(Text(1));
        var b = cache.Get(Text(2));
        Assert.Same(a, cache.Get(Text(1)));   // a is now the most recent
        cache.Get(Text(3));                   // drops b, the least recently used
        Assert.Equal(2, cache.Count);
        Assert.Same(a, cache.Get(Text(1)));
        Assert.NotSame(b, cache.Get(Text(2)));
    }

    [Fact]
    public void ThreadsAskingForTheSameTextShareOneCompilation()
    {
        var cache = new CompiledModelCache();
        var models = new Simulation.CompiledModel[8];
        Parallel.For(0, models.Length, i => models[i] = cache.Get(Text(7)));
        Assert.All(models, m => Assert.Same(models[0], m));
    }
}
