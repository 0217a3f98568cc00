namespace TrkbSim.Pharmacology.Tests.Mechanism;

/// <summary>
/// A minimal stand-in for Data/Models/trkb_core.ant used only by tests: it defines the core's output symbols
/// and the parameters the assembler sets, so assembly can be checked before the real core is available.
/// </summary>
static class StandInCore
{
    public const string Text = """
        // stand-in TRKB core (tests only)
        y433f_alleles = 0;
        cholesterol_molpct = 20;
        cholesterol_depletion = 0;
        guidance_supportive = 1;
        guidance_usual = 0.5;
        guidance_none = 0;
        guidance_stressful = -0.5;
        guidance = guidance_usual;
        bdnf_knockout = 0;
        exercise = 0;
        serotonin_pathway = 1;
        trkb_affinity_scale = 1;
        occupancy_TRKB := trkb_affinity_scale * trkb_drug_load / (1 + trkb_drug_load);
        trkb_surface := 1 + occupancy_TRKB;
        trkb_signal := trkb_surface;
        bdnf := 1;
        plasticity := occupancy_TRKB;
        network_state := 0;
        madrs := 30;
        behavior_score := 0;
        """;
}
