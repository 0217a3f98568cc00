namespace TrkbSim.Pharmacology.Tests.Compounds;

/// <summary>Small compound JSON snippets for tests.</summary>
static class TestCompounds
{
    public static string Value(double v, string unit, string status = "measured") => status switch
    {
        "measured" => $$"""{"value": {{v}}, "unit": "{{unit}}", "source": "test", "quote": "q", "status": "measured"}""",
        "assumed" => $$"""{"value": {{v}}, "unit": "{{unit}}", "source": "test", "note": "n", "status": "assumed"}""",
        _ => $$"""{"value": {{v}}, "unit": "{{unit}}", "source": "test", "derivation": "d", "status": "{{status}}"}""",
    };

    public static string Pk(string extra = "") => $$"""
        {
          "bioavailability": {"oral": {{Value(0.5, "fraction")}}},
          "absorption_rate": {"oral": {{Value(1, "1/h")}}},
          "central_volume": {{Value(10, "L/kg")}},
          "clearance": {{Value(1, "L/h/kg")}},
          "fu_plasma": {{Value(0.1, "fraction")}},
          "kp_brain": {{Value(5, "ratio")}},
          "bbb_half_time": {{Value(0.5, "h", "assumed")}},
          "membrane_half_time": {{Value(2, "h")}}{{extra}}
        }
        """;

    public static string Minimal(string id, string cls = "test class", string pkExtra = "", string compoundExtra = "") => $$"""
        {
          "id": "{{id}}", "name": "{{id}} name", "class": "{{cls}}",
          "molecular_weight": {{Value(300, "g/mol")}},
          "affinities": {"TRKB": {{Value(5000, "nM", "assumed")}}, "NMDA": null},
          "pk": {"human": {{Pk(pkExtra)}}}{{compoundExtra}}
        }
        """;

    public static string File(params string[] compounds) =>
        $$"""{"format": "trkbsim-compounds/2", "compounds": [{{string.Join(",", compounds)}}]}""";
}
