using TrkbSim.Modeling.Sbml;
using static TrkbSim.Simulation.Tests.Support.TestModels;

namespace TrkbSim.Simulation.Tests;

/// <summary>A flattened hierarchical model with time, extent and replacement conversion factors, against its analytic solution.</summary>
public class CompConversionTests
{
    private const string Text = """
        <sbml xmlns="http://www.sbml.org/sbml/level3/version1/core" level="3" version="1"
              xmlns:comp="http://www.sbml.org/sbml/level3/version1/comp/version1" comp:required="true">
          <model id="top">
            <listOfParameters>
              <parameter id="tc" value="2" constant="true"/>
              <parameter id="xc" value="3" constant="true"/>
              <parameter id="cf" value="10" constant="true"/>
              <parameter id="P" value="4" constant="false">
                <comp:listOfReplacedElements><comp:replacedElement comp:submodelRef="A" comp:idRef="p" comp:conversionFactor="cf"/></comp:listOfReplacedElements>
              </parameter>
            </listOfParameters>
            <comp:listOfSubmodels><comp:submodel comp:id="A" comp:modelRef="leaf" comp:timeConversionFactor="tc" comp:extentConversionFactor="xc"/></comp:listOfSubmodels>
          </model>
          <comp:listOfModelDefinitions>
            <comp:modelDefinition id="leaf">
              <listOfCompartments><compartment id="c" size="1" constant="true"/></listOfCompartments>
              <listOfSpecies><species id="S" compartment="c" initialAmount="1" hasOnlySubstanceUnits="true" boundaryCondition="false" constant="false"/></listOfSpecies>
              <listOfParameters>
                <parameter id="k" value="1" constant="true"/>
                <parameter id="p" value="0" constant="false"/>
                <parameter id="q" constant="false"/>
              </listOfParameters>
              <listOfRules>
                <rateRule variable="p"><math xmlns="http://www.w3.org/1998/Math/MathML"><cn>1</cn></math></rateRule>
                <assignmentRule variable="q"><math xmlns="http://www.w3.org/1998/Math/MathML"><apply><times/><cn>2</cn><ci>p</ci></apply></math></assignmentRule>
              </listOfRules>
              <listOfReactions>
                <reaction id="R" reversible="false">
                  <listOfProducts><speciesReference species="S" stoichiometry="1" constant="true"/></listOfProducts>
                  <kineticLaw><math xmlns="http://www.w3.org/1998/Math/MathML"><ci>k</ci></math></kineticLaw>
                </reaction>
              </listOfReactions>
            </comp:modelDefinition>
          </comp:listOfModelDefinitions>
        </sbml>
        """;

    [Fact]
    public void ConversionFactorsScaleRatesAndValues()
    {
        // S: dS/dt = k xc / tc = 1.5. P = cf p: dP/dt = cf * 1 / tc = 5. q = 2 p = 2 P / cf.
        var r = Simulate(SbmlReader.Read(Text, "top.xml"), Settings(4, 8));
        for (int i = 0; i < r.Times.Length; i++)
        {
            double t = r.Times[i], pValue = 4 + 5 * t;
            Assert.Equal(1 + 1.5 * t, r.Column("A__S")[i], 1e-9);
            Assert.Equal(pValue, r.Column("P")[i], 1e-9);
            Assert.Equal(2 * pValue / 10, r.Column("A__q")[i], 1e-9);
        }
    }
}
