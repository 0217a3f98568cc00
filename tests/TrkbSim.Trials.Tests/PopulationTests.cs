using TrkbSim.Pharmacology.Compounds;
using System.Text.Json;
using TrkbSim.Trials.Models;
using TrkbSim.Trials.Population;
using TrkbSim.Trials.Randomness;

namespace TrkbSim.Trials.Tests;

public class PopulationTests
{
    [Fact]
    public void Default_population_loads_and_every_number_has_source_and_status()
    {
        var pop = PopulationFile.Default;
        Assert.Equal(1.0, pop.Cyp2c19Frequency.Values.Sum(v => v.Value), 3);
        Assert.Equal(1.0, pop.Cyp2d6Frequency.Values.Sum(v => v.Value), 3);
        // Every leaf object with a "value" in the embedded file carries a source and a known status.
        using var doc = JsonDocument.Parse(PopulationFile.DefaultText());
        int leaves = 0;
        void Walk(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Object)
            {
                if (e.TryGetProperty("value", out _))
                {
                    leaves++;
                    Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("source").GetString()));
                    Assert.Contains(e.GetProperty("status").GetString(), SourcedNumber.Statuses);
                }
                foreach (var p in e.EnumerateObject()) Walk(p.Value);
            }
            else if (e.ValueKind == JsonValueKind.Array) foreach (var x in e.EnumerateArray()) Walk(x);
        }
        Walk(doc.RootElement);
        Assert.True(leaves > 40);
    }

    [Fact]
    public void Sertraline_exposure_folds_are_the_sheet_values()
    {
        var pop = PopulationFile.Default;
        Assert.Equal(2.68, pop.ExposureFold("sertraline", MetaboliserPhenotype.Normal, MetaboliserPhenotype.Poor));
        Assert.Equal(1.38, pop.ExposureFold("sertraline", MetaboliserPhenotype.Poor, MetaboliserPhenotype.Intermediate));
        Assert.Equal(1.0, pop.ExposureFold("ketamine", MetaboliserPhenotype.Poor, MetaboliserPhenotype.Poor));
    }

    [Fact]
    public void A_phenotype_factor_divides_clearance_by_the_exposure_fold_and_it_is_spread_log_normally()
    {
        var pop = PopulationFile.Parse("""
            { "variability": { "pk": { "clearance": { "cv": 0 } } } }
            """, "test.json", PopulationFile.Default);
        var parameters = new[]
        {
            new SubjectParameter("cl", "cl", SubjectParameterKind.Pk, "clearance", 10)
            {
                Compound = "sertraline", PhenotypeFactor = (d6, c19) => 1 / pop.ExposureFold("sertraline", d6, c19),
            },
        };
        var sampler = new SubjectSampler(pop, parameters);
        var v = new double[1];
        int poor = 0;
        for (int i = 0; i < 3000; i++)
        {
            var cov = sampler.Draw(new SubjectRandom(5, 0, i), v);
            double expected = 10 / pop.ExposureFold("sertraline", cov.Cyp2d6, cov.Cyp2c19);
            Assert.Equal(expected, v[0], 12);
            if (cov.Cyp2c19 == MetaboliserPhenotype.Poor) poor++;
        }
        Assert.InRange(poor, 30, 100); // 2.1 % of 3000 = 63, SD 7.9

        // With the default CV 0.45 the median of clearance among normal metabolisers stays at the model value.
        var spread = new SubjectSampler(PopulationFile.Default, parameters);
        var normals = new List<double>();
        for (int i = 0; i < 6000; i++)
            if (spread.Draw(new SubjectRandom(6, 0, i), v).Cyp2c19 == MetaboliserPhenotype.Normal) normals.Add(v[0]);
        normals.Sort();
        Assert.InRange(normals[normals.Count / 2], 9.5, 10.5);
        double sdLog = Math.Sqrt(normals.Select(x => Math.Log(x / 10)).Select(x => x * x).Average());
        Assert.InRange(sdLog, 0.40, 0.46); // omega = sqrt(ln(1 + 0.45^2)) = 0.4294
    }

    [Fact]
    public void Override_file_replaces_only_what_it_names_and_checks_values()
    {
        var pop = PopulationFile.Parse("""
            { "covariates": { "baseline_madrs": { "mean": 35, "sd": 4, "min": 26, "max": 55 } }, "rating": { "noise_sd": 0 } }
            """, "user.json", PopulationFile.Default);
        Assert.Equal(35, pop.BaselineMadrs.Mean.Value);
        Assert.Equal("assumed", pop.BaselineMadrs.Mean.Status);
        Assert.Equal(0, pop.RatingNoiseSd.Value);
        Assert.Equal(PopulationFile.Default.Cyp2c19Frequency, pop.Cyp2c19Frequency);

        Assert.Contains("sum to 1", Assert.Throws<TrialInputException>(() => PopulationFile.Parse("""
            { "covariates": { "cyp2d6": { "poor": 0.5, "intermediate": 0.5, "normal": 0.5, "ultrarapid": 0 } } }
            """, "u.json", PopulationFile.Default)).Message);
        Assert.Contains("unknown PK parameter class", Assert.Throws<TrialInputException>(() => PopulationFile.Parse("""
            { "variability": { "pk": { "half_life": { "cv": 0.3 } } } }
            """, "u.json", PopulationFile.Default)).Message);
        Assert.Contains("line 1", Assert.Throws<TrialInputException>(() => PopulationFile.Parse("{ oops", "u.json", null)).Message);
        Assert.Contains("status", Assert.Throws<TrialInputException>(() => PopulationFile.Parse("""
            { "rating": { "noise_sd": { "value": 2, "source": "me", "status": "guessed" } } }
            """, "u.json", PopulationFile.Default)).Message);
    }
}
