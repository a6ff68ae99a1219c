namespace Reliability.Tests;

/// <summary>Which side of a pipe a fault kills.</summary>
public enum Victim
{
    Tap,
    Target,
}

/// <summary>
/// A SIGKILL of <paramref name="Victim"/> once <paramref name="AfterBytes"/> bytes of the tap's output went down the pipe
/// (a tap's last line may be cut in half, as a real pipe would), <paramref name="DelayMs"/> later.
/// </summary>
public sealed record Fault(Victim Victim, long AfterBytes, int DelayMs)
{
    public override string ToString() => $"SIGKILL {Victim.ToString().ToLowerInvariant()} after {AfterBytes} bytes + {DelayMs} ms";
}
