namespace TrkbSim.Pharmacology.Compounds;

/// <summary>The molecular targets whose occupancy the exposure part computes.</summary>
public enum Target
{
    SERT,
    NET,
    NMDA,
    TRKB,
}
