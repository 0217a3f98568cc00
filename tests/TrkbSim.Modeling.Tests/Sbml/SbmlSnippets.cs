namespace TrkbSim.Modeling.Tests.Sbml;

/// <summary>Wraps model content in SBML documents of a given level and version for reader tests.</summary>
internal static class SbmlSnippets
{
    public const string MathNs = "http://www.w3.org/1998/Math/MathML";

    public static string L3V2(string modelContent, string modelAttributes = "") =>
        $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <sbml xmlns="http://www.sbml.org/sbml/level3/version2/core" level="3" version="2">
          <model id="m" {modelAttributes}>
        {modelContent}
          </model>
        </sbml>
        """;

    public static string L3V1(string modelContent) =>
        $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <sbml xmlns="http://www.sbml.org/sbml/level3/version1/core" level="3" version="1">
          <model id="m">
        {modelContent}
          </model>
        </sbml>
        """;

    public static string L2V4(string modelContent) =>
        $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <sbml xmlns="http://www.sbml.org/sbml/level2/version4" level="2" version="4">
          <model id="m">
        {modelContent}
          </model>
        </sbml>
        """;

    /// <summary>A model whose only content is one parameter p set by an assignment rule with the given MathML.</summary>
    public static string RuleWithMath(string mathml) => L3V2(
        $"""
            <listOfParameters><parameter id="p" constant="false"/></listOfParameters>
            <listOfRules>
              <assignmentRule variable="p"><math xmlns="{MathNs}">{mathml}</math></assignmentRule>
            </listOfRules>
        """);
}
