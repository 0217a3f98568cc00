using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace TrkbSim.Distributed;

/// <summary>
/// Places worker k of a run on the k-th active silo (silos in address order, k modulo their number), so a run's
/// workers cover every silo once; when a silo has died, its workers come back on the survivors.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class SpreadPlacement : PlacementStrategy
{
    internal static readonly SpreadPlacement Instance = new();
}

/// <summary>Marks a grain class for <see cref="SpreadPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SpreadPlacementAttribute : PlacementAttribute
{
    public SpreadPlacementAttribute() : base(SpreadPlacement.Instance) { }
}

/// <summary>Chooses the silo for <see cref="SpreadPlacement"/>.</summary>
internal sealed class SpreadPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target).OrderBy(s => s.ToParsableString(), StringComparer.Ordinal).ToArray();
        if (silos.Length == 0) throw new OrleansException("no silo can run a TrkbSim worker");
        long key = target.GrainIdentity.GetIntegerKey(out _);
        return Task.FromResult(silos[(int)(Math.Abs(key) % silos.Length)]);
    }
}
