namespace Singer.Sdk.Tests.Support;

/// <summary>Tests that redirect the process-wide <see cref="Log"/> or Console run alone, never beside each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalStateCollection
{
    public const string Name = "Global log and console";
}
