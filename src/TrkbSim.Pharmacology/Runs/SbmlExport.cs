using System.Reflection;
using TrkbSim.Modeling;

namespace TrkbSim.Pharmacology.Runs;

/// <summary>
/// SBML export through TrkbSim.Modeling.Sbml.SbmlWriter.Write(Model). Looked up at run time so that this project
/// builds whether or not the SBML writer is in the tree yet; <see cref="Available"/> says whether it is.
/// </summary>
public static class SbmlExport
{
    static readonly MethodInfo? WriteMethod =
        typeof(Model).Assembly.GetType("TrkbSim.Modeling.Sbml.SbmlWriter")?
            .GetMethod("Write", BindingFlags.Public | BindingFlags.Static, [typeof(Model)]);

    public static bool Available => WriteMethod is not null && WriteMethod.ReturnType == typeof(string);

    public static string Write(Model model)
    {
        if (!Available) throw new InvalidOperationException("SBML export is not available in this build (no TrkbSim.Modeling.Sbml.SbmlWriter)");
        try
        {
            return (string)WriteMethod!.Invoke(null, [model])!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }
}
