using TrkbSim.Modeling;

namespace TrkbSim.Interop.Sedml;

/// <summary>
/// A SED-ML document or COMBINE archive that cannot be run: malformed, referring to something missing, or using an
/// element TrkbSim does not support (the message names it). A model error, so the command line exits with 3.
/// </summary>
public sealed class SedmlException(string message, SourceLocation? location = null) : ModelException(message, location);
