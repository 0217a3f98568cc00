using TrkbSim.Modeling.Math;
using TrkbSim.Modeling.Sbml;
using static TrkbSim.Modeling.Tests.Sbml.SbmlSnippets;

namespace TrkbSim.Modeling.Tests.Sbml;

/// <summary>Model components and each level's defaults are read into the Level 3 model description.</summary>
public class SbmlReaderTests
{
    [Fact]
    public void Level2DefaultsBecomeExplicitLevel3Values()
    {
        var m = SbmlReader.Read(L2V4("""
            <listOfCompartments><compartment id="c"/><compartment id="z" spatialDimensions="0"/></listOfCompartments>
            <listOfSpecies><species id="S" compartment="c" initialAmount="2"/></listOfSpecies>
            <listOfParameters><parameter id="k" value="0.5"/></listOfParameters>
            <listOfReactions>
              <reaction id="R">
                <listOfReactants><speciesReference species="S"/></listOfReactants>
                <kineticLaw>
                  <math xmlns="http://www.w3.org/1998/Math/MathML"><apply><times/><ci>k</ci><ci>S</ci><ci>k2</ci></apply></math>
                  <listOfParameters><parameter id="k2" value="3"/></listOfParameters>
                </kineticLaw>
              </reaction>
            </listOfReactions>
            <listOfEvents>
              <event id="E"><trigger><math xmlns="http://www.w3.org/1998/Math/MathML"><true/></math></trigger></event>
            </listOfEvents>
            """));
        var c = m.Compartments[0];
        Assert.Equal((1.0, 3.0, true), (c.Size!.Value, c.SpatialDimensions, c.Constant));
        // A 0-D compartment has no size; size 1 makes its species' symbols mean amounts.
        Assert.Equal(1.0, m.Compartments[1].Size);
        Assert.Equal(0, m.Compartments[1].SpatialDimensions);
        var s = m.Species[0];
        Assert.Equal(2.0, s.InitialAmount);
        Assert.False(s.HasOnlySubstanceUnits || s.BoundaryCondition || s.Constant);
        Assert.True(m.Parameters[0].Constant);
        var r = m.Reactions[0];
        Assert.Equal(1.0, r.Reactants[0].Stoichiometry);
        Assert.True(r.Reversible);
        Assert.False(r.Fast);
        Assert.Equal(new Parameter("k2", 3), r.LocalParameters[0]);
        var e = m.Events[0];
        Assert.True(e.Persistent && e.InitialValue && e.UseValuesFromTriggerTime);
        Assert.Null(m.Notes);
    }

    [Fact]
    public void Level2StoichiometryMathIsKept()
    {
        var m = SbmlReader.Read(L2V4("""
            <listOfCompartments><compartment id="c" size="2"/></listOfCompartments>
            <listOfSpecies><species id="S" compartment="c" initialConcentration="1"/></listOfSpecies>
            <listOfParameters><parameter id="n" value="2"/></listOfParameters>
            <listOfReactions>
              <reaction id="R" reversible="false" fast="true">
                <listOfProducts><speciesReference species="S">
                  <stoichiometryMath><math xmlns="http://www.w3.org/1998/Math/MathML"><ci>n</ci></math></stoichiometryMath>
                </speciesReference></listOfProducts>
              </reaction>
            </listOfReactions>
            """));
        var sr = m.Reactions[0].Products[0];
        Assert.Equal(Expr.Sym("n"), sr.StoichiometryMath);
        Assert.Null(sr.Stoichiometry);
        Assert.False(sr.Constant);
        Assert.True(m.Reactions[0].Fast);
        Assert.False(m.Reactions[0].Reversible);
        Assert.Equal(1.0, m.Species[0].InitialConcentration);

        var lowered = StoichiometryMathLowering.Apply(m);
        var rule = Assert.IsType<AssignmentRule>(Assert.Single(lowered.Rules));
        Assert.Equal(lowered.Reactions[0].Products[0].Id, rule.Variable);
        Assert.Equal(Expr.Sym("n"), rule.Math);
        Assert.Null(lowered.Reactions[0].Products[0].StoichiometryMath);
    }

    [Fact]
    public void Level3SpeciesCompartmentsAndModelAttributes()
    {
        var m = SbmlReader.Read(L3V2("""
            <listOfUnitDefinitions>
              <unitDefinition id="per_ms"><listOfUnits>
                <unit kind="second" exponent="-1" scale="-3" multiplier="1"/>
              </listOfUnits></unitDefinition>
            </listOfUnitDefinitions>
            <listOfCompartments>
              <compartment id="c" spatialDimensions="2.5" constant="false"/>
            </listOfCompartments>
            <listOfSpecies>
              <species id="S" compartment="c" initialConcentration="0.1" hasOnlySubstanceUnits="true"
                       boundaryCondition="true" constant="false" conversionFactor="cf" substanceUnits="mole"/>
            </listOfSpecies>
            <listOfParameters>
              <parameter id="cf" value="2" constant="true"/><parameter id="mcf" value="3" constant="true"/>
              <parameter id="v" constant="false"/>
            </listOfParameters>
            <listOfInitialAssignments>
              <initialAssignment symbol="c"><math xmlns="http://www.w3.org/1998/Math/MathML"><cn>4</cn></math></initialAssignment>
            </listOfInitialAssignments>
            <listOfRules>
              <rateRule variable="v"><math xmlns="http://www.w3.org/1998/Math/MathML"><cn>1</cn></math></rateRule>
              <algebraicRule><math xmlns="http://www.w3.org/1998/Math/MathML"><apply><minus/><ci>v</ci><ci>c</ci></apply></math></algebraicRule>
            </listOfRules>
            """, "substanceUnits=\"mole\" timeUnits=\"second\" extentUnits=\"mole\" conversionFactor=\"mcf\""));
        var c = m.Compartments[0];
        Assert.Null(c.Size);
        Assert.Equal(2.5, c.SpatialDimensions);
        Assert.False(c.Constant);
        var s = m.Species[0];
        Assert.Equal((0.1, true, true, "cf", "mole"), (s.InitialConcentration!.Value, s.HasOnlySubstanceUnits, s.BoundaryCondition, s.ConversionFactor!, s.SubstanceUnits!));
        Assert.Null(m.Parameters[2].Value);
        Assert.False(m.Parameters[2].Constant);
        Assert.Equal(new InitialAssignment("c", Expr.Num(4)), m.InitialAssignments[0]);
        Assert.IsType<RateRule>(m.Rules[0]);
        Assert.IsType<AlgebraicRule>(m.Rules[1]);
        Assert.Equal(new ModelUnits("mole", "second", null, null, null, "mole"), m.ModelUnits);
        Assert.Equal("mcf", m.ConversionFactor);
        var term = Assert.Single(m.Units[0].Terms);
        Assert.Equal(new UnitTerm("second", -1, -3, 1), term);
    }

    [Fact]
    public void Level3UnsetStoichiometryIsOneWithANoteUnlessAssigned()
    {
        var m = SbmlReader.Read(L3V2("""
            <listOfCompartments><compartment id="c" size="1" constant="true"/></listOfCompartments>
            <listOfSpecies>
              <species id="A" compartment="c" initialAmount="1" hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/>
              <species id="B" compartment="c" initialAmount="0" hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/>
            </listOfSpecies>
            <listOfInitialAssignments>
              <initialAssignment symbol="b_ref"><math xmlns="http://www.w3.org/1998/Math/MathML"><cn>2</cn></math></initialAssignment>
            </listOfInitialAssignments>
            <listOfReactions>
              <reaction id="R" reversible="false">
                <listOfReactants><speciesReference species="A" constant="true"/></listOfReactants>
                <listOfProducts><speciesReference id="b_ref" species="B" constant="true"/></listOfProducts>
                <kineticLaw>
                  <math xmlns="http://www.w3.org/1998/Math/MathML"><apply><times/><ci>k</ci><ci>A</ci></apply></math>
                  <listOfLocalParameters><localParameter id="k" value="0.1"/></listOfLocalParameters>
                </kineticLaw>
              </reaction>
            </listOfReactions>
            """));
        var r = m.Reactions[0];
        Assert.Equal(1.0, r.Reactants[0].Stoichiometry);
        Assert.Null(r.Products[0].Stoichiometry);
        Assert.Equal("b_ref", r.Products[0].Id);
        Assert.Contains("stoichiometry of 'A' in reaction 'R' is not set", m.Notes);
        Assert.Equal(new Parameter("k", 0.1), Assert.Single(r.LocalParameters));
    }

    [Fact]
    public void FunctionDefinitionsAndEvents()
    {
        var m = SbmlReader.Read(L3V1("""
            <listOfFunctionDefinitions>
              <functionDefinition id="f">
                <math xmlns="http://www.w3.org/1998/Math/MathML">
                  <lambda><bvar><ci>x</ci></bvar><bvar><ci>y</ci></bvar><apply><times/><ci>x</ci><ci>y</ci></apply></lambda>
                </math>
              </functionDefinition>
            </listOfFunctionDefinitions>
            <listOfParameters><parameter id="p" value="1" constant="false"/></listOfParameters>
            <listOfEvents>
              <event id="E" useValuesFromTriggerTime="false">
                <trigger initialValue="false" persistent="false">
                  <math xmlns="http://www.w3.org/1998/Math/MathML"><apply><geq/><csymbol definitionURL="http://www.sbml.org/sbml/symbols/time">t</csymbol><cn>1</cn></apply></math>
                </trigger>
                <priority><math xmlns="http://www.w3.org/1998/Math/MathML"><cn>5</cn></math></priority>
                <delay><math xmlns="http://www.w3.org/1998/Math/MathML"><cn>0.5</cn></math></delay>
                <listOfEventAssignments>
                  <eventAssignment variable="p"><math xmlns="http://www.w3.org/1998/Math/MathML"><apply><ci>f</ci><ci>p</ci><cn>2</cn></apply></math></eventAssignment>
                </listOfEventAssignments>
              </event>
            </listOfEvents>
            """));
        var f = m.Functions[0];
        Assert.Equal(new[] { "x", "y" }, f.Arguments.ToArray());
        Assert.Equal(Expr.Sym("x") * Expr.Sym("y"), f.Body);
        var e = m.Events[0];
        Assert.Equal(Expr.Call(Ops.Geq, TimeExpr.Instance, Expr.Num(1)), e.Trigger);
        Assert.False(e.Persistent || e.InitialValue || e.UseValuesFromTriggerTime);
        Assert.Equal(Expr.Num(5), e.Priority);
        Assert.Equal(Expr.Num(0.5), e.Delay);
        Assert.Equal(new EventAssignment("p", Expr.Call("f", Expr.Sym("p"), Expr.Num(2))), e.Assignments[0]);
    }

    [Fact]
    public void UserFunctionsNamedLikeOperatorsAreRenamed()
    {
        var m = SbmlReader.Read(L3V2("""
            <listOfFunctionDefinitions>
              <functionDefinition id="divide">
                <math xmlns="http://www.w3.org/1998/Math/MathML"><lambda><bvar><ci>x</ci></bvar><bvar><ci>y</ci></bvar>
                  <apply><divide/><ci>x</ci><ci>y</ci></apply></lambda></math>
              </functionDefinition>
            </listOfFunctionDefinitions>
            <listOfParameters><parameter id="p" constant="false"/></listOfParameters>
            <listOfRules>
              <assignmentRule variable="p"><math xmlns="http://www.w3.org/1998/Math/MathML">
                <apply><ci>divide</ci><cn>1</cn><apply><divide/><cn>4</cn><cn>2</cn></apply></apply></math></assignmentRule>
            </listOfRules>
            """));
        Assert.Equal("divide_function", m.Functions[0].Id);
        Assert.Equal(Expr.Call(Ops.Divide, Expr.Sym("x"), Expr.Sym("y")), m.Functions[0].Body);
        var rule = Assert.IsType<AssignmentRule>(m.Rules[0]);
        Assert.Equal(Expr.Call("divide_function", Expr.Num(1), Expr.Call(Ops.Divide, Expr.Num(4), Expr.Num(2))), rule.Math);
        Assert.Contains("renamed to 'divide_function'", m.Notes);
    }

    [Fact]
    public void Level3Version2ElementsWithoutMathHaveNoEffect()
    {
        var m = SbmlReader.Read(L3V2("""
            <listOfFunctionDefinitions><functionDefinition id="g"/></listOfFunctionDefinitions>
            <listOfParameters><parameter id="p" value="1" constant="false"/></listOfParameters>
            <listOfInitialAssignments><initialAssignment symbol="p"/></listOfInitialAssignments>
            <listOfRules><rateRule variable="p"/></listOfRules>
            <listOfEvents><event useValuesFromTriggerTime="true"><trigger initialValue="true" persistent="true"/></event></listOfEvents>
            """));
        Assert.Empty(m.Functions);
        Assert.Empty(m.InitialAssignments);
        Assert.Empty(m.Rules);
        Assert.Empty(m.Events);
    }

    [Fact]
    public void RequiredPackagesOtherThanCompAreUnsupported()
    {
        var xml = """
            <sbml xmlns="http://www.sbml.org/sbml/level3/version1/core" level="3" version="1"
                  xmlns:distrib="http://www.sbml.org/sbml/level3/version1/distrib/version1" distrib:required="true">
              <model id="m"/>
            </sbml>
            """;
        var ex = Assert.Throws<UnsupportedFeatureException>(() => SbmlReader.Read(xml, "x.xml"));
        Assert.StartsWith("unsupported: SBML package 'distrib'", ex.Message);
        // A package that is not required (e.g. fbc, layout) is ignored.
        var optional = xml.Replace("required=\"true\"", "required=\"false\"");
        Assert.Equal("m", SbmlReader.Read(optional).Id);
    }

    private const string CompHeader = """
        <sbml xmlns="http://www.sbml.org/sbml/level3/version1/core" level="3" version="1"
              xmlns:comp="http://www.sbml.org/sbml/level3/version1/comp/version1" comp:required="true">
        """;

    [Fact]
    public void CompSubmodelsAreFlattenedWithPrefixesReplacementsAndDeletions()
    {
        var m = SbmlReader.Read(CompHeader + """
              <model id="top">
                <listOfCompartments>
                  <compartment id="cell" size="2" constant="true">
                    <comp:listOfReplacedElements><comp:replacedElement comp:submodelRef="A" comp:portRef="c_port"/></comp:listOfReplacedElements>
                  </compartment>
                </listOfCompartments>
                <listOfParameters>
                  <parameter id="k" value="99" constant="true">
                    <comp:replacedBy comp:submodelRef="A" comp:idRef="k"/>
                  </parameter>
                  <parameter id="unused" value="1" constant="true">
                    <comp:listOfReplacedElements>
                      <comp:replacedElement comp:submodelRef="A" comp:idRef="inner"><comp:sBaseRef comp:idRef="q"/></comp:replacedElement>
                    </comp:listOfReplacedElements>
                  </parameter>
                </listOfParameters>
                <comp:listOfSubmodels>
                  <comp:submodel comp:id="A" comp:modelRef="decay">
                    <comp:listOfDeletions><comp:deletion comp:idRef="junk"/></comp:listOfDeletions>
                  </comp:submodel>
                  <comp:submodel comp:id="B" comp:modelRef="decay"/>
                </comp:listOfSubmodels>
              </model>
              <comp:listOfModelDefinitions>
                <comp:modelDefinition id="decay">
                  <listOfCompartments><compartment id="c" size="1" constant="true"/></listOfCompartments>
                  <listOfSpecies><species id="S" compartment="c" initialAmount="1" hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/></listOfSpecies>
                  <listOfParameters>
                    <parameter id="k" value="0.5" constant="true"/>
                    <parameter id="junk" value="0" constant="false"/>
                  </listOfParameters>
                  <listOfRules>
                    <rateRule variable="junk"><math xmlns="http://www.w3.org/1998/Math/MathML"><cn>1</cn></math></rateRule>
                  </listOfRules>
                  <listOfReactions>
                    <reaction id="R" reversible="false">
                      <listOfReactants><speciesReference species="S" stoichiometry="1" constant="true"/></listOfReactants>
                      <kineticLaw><math xmlns="http://www.w3.org/1998/Math/MathML"><apply><times/><ci>k</ci><ci>S</ci><ci>inner__q</ci></apply></math></kineticLaw>
                    </reaction>
                  </listOfReactions>
                  <comp:listOfSubmodels><comp:submodel comp:id="inner" comp:modelRef="leaf"/></comp:listOfSubmodels>
                  <comp:listOfPorts><comp:port comp:id="c_port" comp:idRef="c"/></comp:listOfPorts>
                </comp:modelDefinition>
                <comp:modelDefinition id="leaf">
                  <listOfParameters><parameter id="q" value="3" constant="true"/></listOfParameters>
                </comp:modelDefinition>
              </comp:listOfModelDefinitions>
            </sbml>
            """, "top.xml");
        Assert.Equal(new[] { "cell", "B__c" }, m.Compartments.Select(c => c.Id).ToArray());
        Assert.Equal(new[] { "A__S", "B__S" }, m.Species.Select(s => s.Id).ToArray());
        Assert.Equal("cell", m.Species[0].Compartment);
        Assert.Equal("B__c", m.Species[1].Compartment);
        // k: the submodel's value (0.5) survives under the parent's id; A's junk and its rule are deleted; A's inner q is replaced by 'unused'.
        Assert.Equal(new[] { ("unused", 1.0), ("k", 0.5), ("B__k", 0.5), ("B__junk", 0.0), ("B__inner__q", 3.0) },
            m.Parameters.Select(p => (p.Id, p.Value!.Value)).ToArray());
        Assert.Equal("B__junk", Assert.IsType<RateRule>(Assert.Single(m.Rules)).Variable);
        Assert.Equal(Expr.Call(Ops.Times, Expr.Sym("k"), Expr.Sym("A__S"), Expr.Sym("unused")), m.Reactions[0].KineticLaw);
        Assert.Equal(Expr.Call(Ops.Times, Expr.Sym("B__k"), Expr.Sym("B__S"), Expr.Sym("B__inner__q")), m.Reactions[1].KineticLaw);
        Assert.Equal(new[] { "A__R", "B__R" }, m.Reactions.Select(r => r.Id).ToArray());
    }

    [Fact]
    public void CompConversionFactorsRescaleTheSubmodel()
    {
        var m = SbmlReader.Read(CompHeader + """
              <model id="top">
                <listOfParameters>
                  <parameter id="tc" value="60" constant="true"/>
                  <parameter id="xc" value="1000" constant="true"/>
                  <parameter id="cf" value="10" constant="true"/>
                  <parameter id="P" value="8" constant="false">
                    <comp:listOfReplacedElements><comp:replacedElement comp:submodelRef="A" comp:idRef="p" comp:conversionFactor="cf"/></comp:listOfReplacedElements>
                  </parameter>
                </listOfParameters>
                <comp:listOfSubmodels><comp:submodel comp:id="A" comp:modelRef="leaf" comp:timeConversionFactor="tc" comp:extentConversionFactor="xc"/></comp:listOfSubmodels>
              </model>
              <comp:listOfModelDefinitions>
                <comp:modelDefinition id="leaf">
                  <listOfCompartments><compartment id="c" size="1" constant="true"/></listOfCompartments>
                  <listOfSpecies><species id="S" compartment="c" initialAmount="1" hasOnlySubstanceUnits="true" boundaryCondition="false" constant="false"/></listOfSpecies>
                  <listOfParameters><parameter id="p" value="1" constant="false"/></listOfParameters>
                  <listOfRules>
                    <rateRule variable="p"><math xmlns="http://www.w3.org/1998/Math/MathML"><apply><plus/><ci>p</ci><cn>3</cn></apply></math></rateRule>
                  </listOfRules>
                  <listOfReactions>
                    <reaction id="R" reversible="false">
                      <listOfProducts><speciesReference species="S" stoichiometry="1" constant="true"/></listOfProducts>
                      <kineticLaw><math xmlns="http://www.w3.org/1998/Math/MathML"><apply><times/><ci>S</ci><csymbol encoding="text" definitionURL="http://www.sbml.org/sbml/symbols/time">t</csymbol></apply></math></kineticLaw>
                    </reaction>
                  </listOfReactions>
                </comp:modelDefinition>
              </comp:listOfModelDefinitions>
            </sbml>
            """, "top.xml");
        var (s, tc, xc, cf, p) = (Expr.Sym("A__S"), Expr.Sym("tc"), Expr.Sym("xc"), Expr.Sym("cf"), Expr.Sym("P"));
        // Rate: the law with time / tc, times xc / tc. Rate rule: the submodel's value is P / cf, its rate is per its time.
        Assert.Equal(Expr.Call(Ops.Divide, Expr.Call(Ops.Times, Expr.Call(Ops.Times, s, Expr.Call(Ops.Divide, TimeExpr.Instance, tc)), xc), tc),
            m.Reactions[0].KineticLaw);
        var rule = Assert.IsType<RateRule>(Assert.Single(m.Rules));
        Assert.Equal("P", rule.Variable);
        Assert.Equal(Expr.Call(Ops.Divide, Expr.Call(Ops.Times, Expr.Call(Ops.Plus, Expr.Call(Ops.Divide, p, cf), Expr.Num(3)), cf), tc), rule.Math);
    }

    [Fact]
    public void Level1IsUnsupported()
    {
        var ex = Assert.Throws<UnsupportedFeatureException>(() => SbmlReader.Read("<sbml xmlns=\"http://www.sbml.org/sbml/level1\" level=\"1\" version=\"2\"><model/></sbml>"));
        Assert.StartsWith("unsupported: SBML Level 1", ex.Message);
    }

    [Fact]
    public void MalformedXmlGivesFileLineAndColumn()
    {
        var ex = Assert.Throws<ModelException>(() => SbmlReader.Read("<sbml>\n  <model>\n</sbml>", "bad.xml"));
        Assert.Equal("bad.xml", ex.Location!.Value.File);
        Assert.Equal(3, ex.Location.Value.Line);
        Assert.Equal(3, ex.Location.Value.Column);
        Assert.StartsWith("bad.xml:3:3: invalid XML", ex.UserMessage);
    }

    [Fact]
    public void MissingAttributesAndDuplicateIdsNameTheProblemAndPlace()
    {
        var ex = Assert.Throws<ModelException>(() => SbmlReader.Read(L3V2("""
            <listOfSpecies><species id="S" initialAmount="1" hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/></listOfSpecies>
            """), "m.xml"));
        Assert.Contains("'compartment'", ex.Message);
        Assert.Equal(4, ex.Location!.Value.Line);

        ex = Assert.Throws<ModelException>(() => SbmlReader.Read(L3V2("""
            <listOfParameters><parameter id="k" value="1" constant="true"/><parameter id="k" value="2" constant="true"/></listOfParameters>
            """)));
        Assert.Contains("duplicate id 'k'", ex.Message);

        ex = Assert.Throws<ModelException>(() => SbmlReader.Read(L3V2("""
            <listOfParameters><parameter id="k" value="one" constant="true"/></listOfParameters>
            """)));
        Assert.Contains("expected a number", ex.Message);
    }

    [Fact]
    public void ReadFileReportsMissingFiles()
    {
        var ex = Assert.Throws<ModelException>(() => SbmlReader.ReadFile(Path.Combine(Path.GetTempPath(), "no-such-trkbsim-model.xml")));
        Assert.StartsWith("cannot read", ex.Message);
    }
}
