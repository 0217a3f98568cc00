using TrkbSim.Pharmacology.Validation;

namespace TrkbSim.Pharmacology.Tests.Validation;

/// <summary>Runs the validation once into a temporary folder, shared by the validation tests.</summary>
public sealed class ValidationFixture : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("trkbsim-validation-").FullName;
    public ValidationReport Report { get; }

    public ValidationFixture() => Report = Validator.Run(Dir);

    public void Dispose()
    {
        try { Directory.Delete(Dir, true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class ValidationCollection : ICollectionFixture<ValidationFixture>
{
    public const string Name = "validation";
}
