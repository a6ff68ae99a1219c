using System.Globalization;
using Singer.Sdk;

namespace SingerRun.State;

/// <summary>
/// Meltano's own lock of a state id, kept fresh while a run holds ours: the file or object <c>&lt;state_id&gt;/lock</c>
/// holding the time as Unix seconds. Meltano takes it around its state writes and treats one older than its
/// <c>lock_timeout_seconds</c> (10 by default) as stale, so it is rewritten every 3 s; a Meltano run of the same state
/// id waits while ours runs. Released before ours; a failed refresh is a warning, never the run's failure.
/// </summary>
internal sealed class MeltanoLock : IAsyncDisposable
{
    public const string Name = "lock";
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(3);
    private readonly string _where;
    private readonly Func<string, CancellationToken, Task> _write;
    private readonly Func<Task> _remove;
    private readonly IAsyncDisposable _ours;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _heartbeat;

    private MeltanoLock(IAsyncDisposable ours, string where, Func<string, CancellationToken, Task> write, Func<Task> remove)
    {
        _ours = ours;
        _where = where;
        _write = write;
        _remove = remove;
        _heartbeat = HeartbeatAsync();
    }

    /// <summary>
    /// Beside our held lock <paramref name="ours"/>: writes Meltano's lock (at <paramref name="where"/>, as messages name
    /// it) and keeps it fresh; disposing removes it, then releases ours.
    /// </summary>
    public static async Task<IAsyncDisposable> KeepBesideAsync(IAsyncDisposable ours, string where, Func<string, CancellationToken, Task> write, Func<Task> remove, CancellationToken cancellationToken)
    {
        try
        {
            await TryWriteAsync(where, write, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await ours.DisposeAsync();
            throw;
        }
        return new MeltanoLock(ours, where, write, remove);
    }

    /// <summary>The lock's content as Meltano writes it: the time as Unix seconds.</summary>
    public static string Now() => (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0).ToString("F3", CultureInfo.InvariantCulture);

    private static async Task TryWriteAsync(string where, Func<string, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        try
        {
            await write(Now(), cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SingerException)
        {
            Log.Warning($"could not refresh Meltano's lock {where}: {ex.Message.ReplaceLineEndings(" ")}");
        }
    }

    private async Task HeartbeatAsync()
    {
        using var timer = new PeriodicTimer(Refresh);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                await TryWriteAsync(_where, _write, _stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // Released.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _heartbeat;
        _stop.Dispose();
        try
        {
            await _remove();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SingerException)
        {
            Log.Warning($"could not remove Meltano's lock {_where} (Meltano takes it as stale after its lock_timeout_seconds): {ex.Message.ReplaceLineEndings(" ")}");
        }
        await _ours.DisposeAsync();
    }
}
