using System.Globalization;

namespace SingerRun.State;

/// <summary>Who takes a lock, as a message names it: <c>pid 1452 on host</c>, and the time as the messages write it.</summary>
internal static class LockHolder
{
    public static string Me { get; } = string.Create(CultureInfo.InvariantCulture, $"pid {Environment.ProcessId} on {Environment.MachineName}");

    public static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>The line a second run fails with.</summary>
    public static string Locked(string stateId, string holder, DateTimeOffset since, TimeSpan renewedAgo) =>
        string.Create(CultureInfo.InvariantCulture,
            $"state id '{stateId}' is locked by another run: {holder} since {Format(since)} (lease renewed {(long)Math.Max(0, renewedAgo.TotalSeconds)} s ago)");

    public static string TakingOver(string stateId, string holder, DateTimeOffset since, TimeSpan renewedAgo, int leaseTimeout) =>
        string.Create(CultureInfo.InvariantCulture,
            $"state id '{stateId}': taking over the lock of {holder} since {Format(since)}: its lease was last renewed {(long)renewedAgo.TotalSeconds} s ago (lease_timeout {leaseTimeout} s)");
}
