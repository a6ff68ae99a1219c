namespace TargetRedshift.Tests.Support;

/// <summary>Tests that redirect the process-wide <see cref="Singer.Sdk.Log"/> run alone, never beside each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalStateCollection
{
    public const string Name = "Global log";
}
