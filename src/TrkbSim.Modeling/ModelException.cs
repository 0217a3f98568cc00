namespace TrkbSim.Modeling;

/// <summary>
/// A problem with a model a user wrote: syntax or semantic error. Carries the source location when known,
/// so the CLI can print "file:line:column: message" without a stack trace.
/// </summary>
public class ModelException : Exception
{
    public SourceLocation? Location { get; }

    public ModelException(string message, SourceLocation? location = null, Exception? inner = null)
        : base(message, inner) => Location = location;

    /// <summary>The message prefixed by the location, as shown to users.</summary>
    public string UserMessage => Location is { } l ? $"{l}: {Message}" : Message;
}

/// <summary>
/// A model that uses a feature the engine does not support (algebraic rules, fast reactions, some SBML packages): a
/// kind of its own, so that callers (the SBML Test Suite runner) tell it from an error without reading the message.
/// </summary>
public sealed class UnsupportedFeatureException(string feature, SourceLocation? location = null)
    : ModelException($"unsupported: {feature}", location)
{
    /// <summary>What is not supported, without the "unsupported:" prefix.</summary>
    public string Feature { get; } = feature;
}
