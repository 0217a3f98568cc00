namespace TrkbSim.Modeling;

/// <summary>
/// A problem with a model a user wrote: syntax or semantic error. Carries the source location when known,
/// so the CLI can print "file:line:column: message" without a stack trace.
/// </summary>
public sealed class ModelException : Exception
{
    public SourceLocation? Location { get; }

    public ModelException(string message, SourceLocation? location = null, Exception? inner = null)
        : base(message, inner) => Location = location;

    /// <summary>The message prefixed by the location, as shown to users.</summary>
    public string UserMessage => Location is { } l ? $"{l}: {Message}" : Message;
}
