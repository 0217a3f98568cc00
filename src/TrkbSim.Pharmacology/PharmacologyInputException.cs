namespace TrkbSim.Pharmacology;

/// <summary>
/// A problem a user can fix in pharmacology input: a compound file, a regimen string or run settings.
/// The message names the item, the field and what is allowed.
/// </summary>
public sealed class PharmacologyInputException(string message, Exception? inner = null) : Exception(message, inner);
