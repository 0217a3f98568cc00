using TrkbSim.Interop.Sedml;
using TrkbSim.Interop.Tests.Support;
using TrkbSim.Modeling.Antimony;
using TrkbSim.Simulation;

namespace TrkbSim.Interop.Tests.Sedml;

/// <summary>SED-ML features against known answers: analytic solutions and separate runs of the same model.</summary>
public sealed class SedmlRunnerTests
{
    const string Decay = """
        model decay
          compartment c = 1;
          species A in c = 10;
          k = 0.5;
          J: A -> ; k*A;
        end
        """;

    const string Reversible = """
        model rev
          compartment c = 1;
          species A in c = 3, B in c = 1;
          k1 = 2; k2 = 0.5;
          R1: A -> B; k1*A;
          R2: B -> A; k2*B;
        end
        """;

    static string Target(string kind, string id) => $"/sbml:sbml/sbml:model/sbml:listOf{(kind == "species" ? "Species" : kind == "parameter" ? "Parameters" : "Compartments")}/sbml:{kind}[@id='{id}']";

    static string TimeCourse(string id, int steps, double end, string kisao = "KISAO_0000019") => $"""
        <uniformTimeCourse id="{id}" initialTime="0" outputStartTime="0" outputEndTime="{end}" numberOfSteps="{steps}">
          <algorithm kisaoID="{kisao}"><listOfAlgorithmParameters>
            <algorithmParameter kisaoID="KISAO_0000209" value="1e-10"/><algorithmParameter kisaoID="KISAO_0000211" value="1e-14"/>
          </listOfAlgorithmParameters></algorithm>
        </uniformTimeCourse>
        """;

    static string Generator(string id, string task, string variableXml, string math = "<ci>v</ci>") => $"""
        <dataGenerator id="{id}"><listOfVariables>{variableXml.Replace("TASK", task, StringComparison.Ordinal)}</listOfVariables>
          <math xmlns="http://www.w3.org/1998/Math/MathML">{math}</math></dataGenerator>
        """;

    static string Var(string kind, string id) => $"""<variable id="v" target="{Target(kind, id)}" taskReference="TASK"/>""";

    const string TimeVar = """<variable id="v" symbol="urn:sedml:symbol:time" taskReference="TASK"/>""";

    static SedRunResult Run(string sedml, Dictionary<string, string> files, List<string>? warnings = null) =>
        new SedmlRunner(new SedFixtures.Files(files), w => warnings?.Add(w)).Run(SedmlReader.Read(SedFixtures.Sedml(sedml), "test.sedml"));

    [Fact]
    public void RepeatedTaskOverAParameterRangeEqualsSeparateRuns()
    {
        string sedml = $"""
            <listOfModels><model id="m" language="urn:sedml:language:antimony" source="decay.ant"/></listOfModels>
            <listOfSimulations>{TimeCourse("tc", 20, 4)}</listOfSimulations>
            <listOfTasks>
              <task id="t" modelReference="m" simulationReference="tc"/>
              <repeatedTask id="scan" range="r" resetModel="true">
                <listOfRanges><uniformRange id="r" start="0.1" end="1.6" numberOfSteps="3" type="linear"/></listOfRanges>
                <listOfChanges><setValue modelReference="m" target="{Target("parameter", "k")}" range="r">
                  <math xmlns="http://www.w3.org/1998/Math/MathML"><ci>r</ci></math></setValue></listOfChanges>
                <listOfSubTasks><subTask order="1" task="t"/></listOfSubTasks>
              </repeatedTask>
            </listOfTasks>
            <listOfDataGenerators>{Generator("time", "scan", TimeVar)}{Generator("A", "scan", Var("species", "A"))}</listOfDataGenerators>
            <listOfOutputs><report id="r1"><listOfDataSets>
              <dataSet id="d_t" label="time" dataReference="time"/><dataSet id="d_a" dataReference="A"/>
            </listOfDataSets></report></listOfOutputs>
            """;
        var result = Run(sedml, new() { ["decay.ant"] = Decay });
        var a = Assert.Single(result.Reports).DataSets[1];
        Assert.Equal([4, 1, 21], a.Shape.ToArray());

        var compiled = ModelCompiler.Compile(AntimonyReader.Parse(Decay));
        double[] ks = [0.1, 0.6, 1.1, 1.6];
        for (int i = 0; i < ks.Length; i++)
        {
            var sim = compiled.CreateSimulator();
            sim.Set("k", ks[i]);
            var separate = sim.Run(new SimulationSettings { End = 4, Steps = 20, RelTol = 1e-10, AbsTol = 1e-14, Solver = "rodas5p", Variables = ["A"] });
            for (int j = 0; j <= 20; j++)
            {
                Assert.Equal(separate.Values[0][j], a.Data[i * 21 + j], 1e-12);
                Assert.Equal(10 * Math.Exp(-ks[i] * 0.2 * j), a.Data[i * 21 + j], 1e-7);
            }
        }
    }

    [Fact]
    public void SteadyStatesOverAFunctionalRangeMatchTheAnalyticEquilibrium()
    {
        string sedml = $"""
            <listOfModels><model id="m" language="urn:sedml:language:antimony" source="rev.ant"/></listOfModels>
            <listOfSimulations><steadyState id="ss"><algorithm kisaoID="KISAO_0000407"/></steadyState></listOfSimulations>
            <listOfTasks>
              <task id="t" modelReference="m" simulationReference="ss"/>
              <repeatedTask id="scan" range="r" resetModel="true">
                <listOfRanges>
                  <vectorRange id="r"><value>0.5</value><value>1</value><value>2</value></vectorRange>
                  <functionalRange id="f" range="r"><listOfParameters><parameter id="two" value="2"/></listOfParameters>
                    <math xmlns="http://www.w3.org/1998/Math/MathML"><apply><times/><ci>two</ci><ci>r</ci></apply></math></functionalRange>
                </listOfRanges>
                <listOfChanges><setValue modelReference="m" target="{Target("parameter", "k1")}">
                  <math xmlns="http://www.w3.org/1998/Math/MathML"><ci>f</ci></math></setValue></listOfChanges>
                <listOfSubTasks><subTask task="t"/></listOfSubTasks>
              </repeatedTask>
            </listOfTasks>
            <listOfDataGenerators>{Generator("A", "scan", Var("species", "A"))}{Generator("A1", "t", Var("species", "A"))}</listOfDataGenerators>
            <listOfOutputs><report id="r1"><listOfDataSets>
              <dataSet id="d_a" label="A" dataReference="A"/><dataSet id="d_a1" label="A alone" dataReference="A1"/>
            </listOfDataSets></report></listOfOutputs>
            """;
        var report = Assert.Single(Run(sedml, new() { ["rev.ant"] = Reversible }).Reports);
        Assert.Equal([3, 1], report.DataSets[0].Shape.ToArray());
        // A* = (A0 + B0) k2 / (k1 + k2) with k1 = 2 r.
        double[] k1 = [1, 2, 4];
        for (int i = 0; i < 3; i++) Assert.Equal(4 * 0.5 / (k1[i] + 0.5), report.DataSets[0].Data[i], 1e-8);
        Assert.Empty(report.DataSets[1].Shape);
        Assert.Equal(4 * 0.5 / 2.5, report.DataSets[1].Data[0], 1e-8);
    }

    [Fact]
    public void ModelChangesAndDataGeneratorMathApplyInOrder()
    {
        // k becomes 0.2; then A's initial concentration is computed from the changed k: 10 k + 3 = 5. The data
        // generator reports 2 A + p with p = 1.
        string sedml = $"""
            <listOfModels><model id="m" language="urn:sedml:language:antimony" source="decay.ant"><listOfChanges>
              <changeAttribute target="{Target("parameter", "k")}/@value" newValue="0.2"/>
              <computeChange target="{Target("species", "A")}/@initialConcentration">
                <listOfVariables><variable id="kv" target="{Target("parameter", "k")}" modelReference="m"/></listOfVariables>
                <listOfParameters><parameter id="ten" value="10"/></listOfParameters>
                <math xmlns="http://www.w3.org/1998/Math/MathML"><apply><plus/><apply><times/><ci>ten</ci><ci>kv</ci></apply><cn>3</cn></apply></math>
              </computeChange>
            </listOfChanges></model></listOfModels>
            <listOfSimulations>{TimeCourse("tc", 10, 5, "KISAO_0000435")}</listOfSimulations>
            <listOfTasks><task id="t" modelReference="m" simulationReference="tc"/></listOfTasks>
            <listOfDataGenerators>{Generator("time", "t", TimeVar)}
              <dataGenerator id="g"><listOfVariables><variable id="a" target="{Target("species", "A")}" taskReference="t"/></listOfVariables>
                <listOfParameters><parameter id="p" value="1"/></listOfParameters>
                <math xmlns="http://www.w3.org/1998/Math/MathML"><apply><plus/><apply><times/><cn>2</cn><ci>a</ci></apply><ci>p</ci></apply></math></dataGenerator>
            </listOfDataGenerators>
            <listOfOutputs><report id="r1"><listOfDataSets><dataSet id="d_t" dataReference="time"/><dataSet id="d_g" dataReference="g"/></listOfDataSets></report></listOfOutputs>
            """;
        var report = Assert.Single(Run(sedml, new() { ["decay.ant"] = Decay }).Reports);
        for (int j = 0; j <= 10; j++)
        {
            double t = report.DataSets[0].Data[j];
            Assert.Equal(0.5 * j, t, 1e-12);
            Assert.Equal(2 * 5 * Math.Exp(-0.2 * t) + 1, report.DataSets[1].Data[j], 1e-7);
        }
    }

    [Fact]
    public void InitialAmountIsDividedByTheCompartmentSize()
    {
        const string model = "model m\n compartment c = 2;\n species A in c = 1;\n k = 1;\n J: A -> ; k*A;\nend\n";
        string sedml = $"""
            <listOfModels><model id="m" language="urn:sedml:language:antimony" source="m.ant"><listOfChanges>
              <changeAttribute target="{Target("species", "A")}/@initialAmount" newValue="8"/></listOfChanges></model></listOfModels>
            <listOfSimulations>{TimeCourse("tc", 1, 1)}</listOfSimulations>
            <listOfTasks><task id="t" modelReference="m" simulationReference="tc"/></listOfTasks>
            <listOfDataGenerators>{Generator("A", "t", Var("species", "A"))}</listOfDataGenerators>
            <listOfOutputs><report id="r1"><listOfDataSets><dataSet id="d" dataReference="A"/></listOfDataSets></report></listOfOutputs>
            """;
        var a = Assert.Single(Run(sedml, new() { ["m.ant"] = model }).Reports).DataSets[0].Data;
        Assert.Equal(4, a[0], 1e-12);
        // The rate k A (A a concentration) changes the amount: d[A]/dt = -k [A] / size.
        Assert.Equal(4 * Math.Exp(-0.5), a[1], 1e-7);
    }

    [Fact]
    public void AnUnknownAlgorithmRunsTheDefaultSolverWithAWarning()
    {
        string sedml = $"""
            <listOfModels><model id="m" language="urn:sedml:language:antimony" source="decay.ant"/></listOfModels>
            <listOfSimulations>{TimeCourse("tc", 4, 2, "KISAO_0000029")}</listOfSimulations>
            <listOfTasks><task id="t" modelReference="m" simulationReference="tc"/></listOfTasks>
            <listOfDataGenerators>{Generator("A", "t", Var("species", "A"))}</listOfDataGenerators>
            <listOfOutputs><report id="r1"><listOfDataSets><dataSet id="d" dataReference="A"/></listOfDataSets></report></listOfOutputs>
            """;
        var warnings = new List<string>();
        var a = Assert.Single(Run(sedml, new() { ["decay.ant"] = Decay }, warnings).Reports).DataSets[0].Data;
        Assert.Equal(10 * Math.Exp(-1), a[4], 1e-7);
        Assert.Contains(warnings, w => w.Contains("KISAO_0000029", StringComparison.Ordinal) && w.Contains("'auto'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("<listOfModels><model id=\"m\" source=\"decay.ant\" language=\"urn:sedml:language:antimony\"><listOfChanges><addXML target=\"/sbml:sbml\"/></listOfChanges></model></listOfModels>", "<addXML>")]
    [InlineData("<listOfSimulations><oneStep id=\"s\" step=\"1\"><algorithm kisaoID=\"KISAO_0000019\"/></oneStep></listOfSimulations>", "<oneStep>")]
    [InlineData("<listOfDataDescriptions/>", "<listOfDataDescriptions>")]
    [InlineData("<listOfOutputs><plot3D id=\"p\"/></listOfOutputs>", "<plot3D>")]
    public void UnsupportedElementsAreNamed(string inner, string named)
    {
        var e = Assert.Throws<SedmlException>(() => SedmlReader.Read(SedFixtures.Sedml(inner), "bad.sedml"));
        Assert.Contains(named, e.Message, StringComparison.Ordinal);
        Assert.Equal("bad.sedml", e.Location?.File);
    }

    [Fact]
    public void AMissingModelFileIsNamed()
    {
        string sedml = $"""
            <listOfModels><model id="m" language="urn:sedml:language:sbml" source="absent.xml"/></listOfModels>
            <listOfSimulations>{TimeCourse("tc", 4, 2)}</listOfSimulations>
            <listOfTasks><task id="t" modelReference="m" simulationReference="tc"/></listOfTasks>
            <listOfDataGenerators>{Generator("A", "t", Var("species", "A"))}</listOfDataGenerators>
            <listOfOutputs><report id="r1"><listOfDataSets><dataSet id="d" dataReference="A"/></listOfDataSets></report></listOfOutputs>
            """;
        var e = Assert.Throws<SedmlException>(() => Run(sedml, []));
        Assert.Contains("absent.xml", e.Message, StringComparison.Ordinal);
        Assert.Contains("model 'm'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AVariableOfAnUnknownSpeciesIsNamedBeforeAnythingRuns()
    {
        string sedml = $"""
            <listOfModels><model id="m" language="urn:sedml:language:antimony" source="decay.ant"/></listOfModels>
            <listOfSimulations>{TimeCourse("tc", 4, 2)}</listOfSimulations>
            <listOfTasks><task id="t" modelReference="m" simulationReference="tc"/></listOfTasks>
            <listOfDataGenerators>{Generator("Z", "t", Var("species", "Z"))}</listOfDataGenerators>
            <listOfOutputs><report id="r1"><listOfDataSets><dataSet id="d" dataReference="Z"/></listOfDataSets></report></listOfOutputs>
            """;
        var e = Assert.Throws<SedmlException>(() => Run(sedml, new() { ["decay.ant"] = Decay }));
        Assert.Contains("no species 'Z'", e.Message, StringComparison.Ordinal);
    }
}
