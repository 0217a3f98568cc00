namespace TrkbSim.Modeling.Antimony;

/// <summary>Receives the names that math refers to, with their positions, for the semantic checks done after parsing.</summary>
internal interface IMathSink
{
    void Reference(string name, SourceLocation at);
    void Call(string function, int argumentCount, SourceLocation at);
}
