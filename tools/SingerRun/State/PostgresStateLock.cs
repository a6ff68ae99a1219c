using Npgsql;
using Singer.Sdk;

namespace SingerRun.State;

/// <summary>
/// The lock of a state id in PostgreSQL: <c>pg_try_advisory_lock</c> on a session of its own held for the whole run (the
/// server drops it when the session ends, kill -9 of the holder included), and a row of <c>singer_state_lock</c> naming
/// the holder, since when and its session's backend pid, whose <c>heartbeat</c> is renewed every quarter of the lease.
/// A holder whose heartbeat is older than <c>lease_timeout</c> (a hung process, a half-open connection) is taken over:
/// its session is ended with <c>pg_terminate_backend</c>, logged, and the lock taken.
/// </summary>
internal sealed class PostgresStateLock : IAsyncDisposable
{
    private readonly PostgresStateBackend _backend;
    private readonly NpgsqlConnection _session;
    private readonly string _stateId;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _sessionUse = new(1, 1);
    private Task _heartbeat = Task.CompletedTask;

    private PostgresStateLock(PostgresStateBackend backend, NpgsqlConnection session, string stateId)
    {
        _backend = backend;
        _session = session;
        _stateId = stateId;
    }

    /// <summary>Takes the lock; a transient failure (the server restarting, a dropped connection) is retried as the backend's other calls are.</summary>
    public static async Task<PostgresStateLock> TakeAsync(PostgresStateBackend backend, string stateId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var session = backend.NewSession();
            try
            {
                await session.OpenAsync(cancellationToken);
                var held = new PostgresStateLock(backend, session, stateId);
                await held.AcquireAsync(cancellationToken);
                held._heartbeat = held.HeartbeatAsync();
                return held;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                // The session goes with its advisory lock, if it had got it.
                await session.DisposeAsync();
                if (attempt < backend.MaxRetries && ex is NpgsqlException { IsTransient: true } or TimeoutException)
                {
                    Log.Warning($"PostgreSQL state backend: could not take the lock of '{stateId}' (attempt {attempt + 1} of {backend.MaxRetries + 1}): {PostgresStateBackend.OneLine(ex)}; retrying");
                    await Task.Delay(TimeSpan.FromSeconds(attempt + 1), cancellationToken);
                    continue;
                }
                throw new SingerException($"PostgreSQL state backend {backend.Label}: could not take the lock of '{stateId}': {PostgresStateBackend.OneLine(ex)}", ex);
            }
            catch
            {
                await session.DisposeAsync();
                throw;
            }
        }
    }

    private string Table => _backend.QuotedSchema + ".singer_state_lock";

    /// <summary>The advisory lock key: the schema and the state id, hashed by the server (so any client computes the same).</summary>
    private const string Key = "hashtextextended(@schema || '/' || @id, 0)";

    private NpgsqlCommand Command(string sql)
    {
        var command = new NpgsqlCommand(sql, _session);
        command.Parameters.AddWithValue("schema", _backend.Schema);
        command.Parameters.AddWithValue("id", _stateId);
        return command;
    }

    private async Task AcquireAsync(CancellationToken cancellationToken)
    {
        if (await TryLockAsync(cancellationToken))
        {
            await RecordHolderAsync(cancellationToken);
            return;
        }
        var holder = await ReadHolderAsync(cancellationToken);
        if (holder is not { } other)
        {
            throw new SingerException($"state id '{_stateId}' is locked by another run (it has not recorded itself yet)");
        }
        if (other.RenewedAgo < TimeSpan.FromSeconds(_backend.LeaseTimeoutSeconds))
        {
            throw new SingerException(LockHolder.Locked(_stateId, other.Holder, other.Since, other.RenewedAgo));
        }
        Log.Warning(LockHolder.TakingOver(_stateId, other.Holder, other.Since, other.RenewedAgo, _backend.LeaseTimeoutSeconds)
            + $"; ending its PostgreSQL session (backend pid {other.BackendPid})");
        await using (var terminate = Command("SELECT pg_terminate_backend(@pid)"))
        {
            terminate.Parameters.AddWithValue("pid", other.BackendPid);
            await terminate.ExecuteScalarAsync(cancellationToken);
        }
        // The ended session's locks go when the server has cleaned it up: a moment.
        for (var attempt = 0; attempt < 20; attempt++)
        {
            if (await TryLockAsync(cancellationToken))
            {
                await RecordHolderAsync(cancellationToken);
                return;
            }
            await Task.Delay(250, cancellationToken);
        }
        throw new SingerException($"state id '{_stateId}': the stale lock of {other.Holder} was not released after its session was ended");
    }

    private async Task<bool> TryLockAsync(CancellationToken cancellationToken)
    {
        await using var command = Command($"SELECT pg_try_advisory_lock({Key})");
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task RecordHolderAsync(CancellationToken cancellationToken)
    {
        await using var command = Command($"""
            INSERT INTO {Table} (state_id, holder, backend_pid, since, heartbeat) VALUES (@id, @holder, pg_backend_pid(), now(), now())
            ON CONFLICT (state_id) DO UPDATE SET holder = EXCLUDED.holder, backend_pid = EXCLUDED.backend_pid, since = EXCLUDED.since, heartbeat = EXCLUDED.heartbeat
            """);
        command.Parameters.AddWithValue("holder", LockHolder.Me);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The recorded holder; its heartbeat's age measured by the server's clock.</summary>
    private async Task<(string Holder, DateTimeOffset Since, int BackendPid, TimeSpan RenewedAgo)?> ReadHolderAsync(CancellationToken cancellationToken)
    {
        await using var command = Command($"SELECT holder, since, backend_pid, extract(epoch FROM now() - heartbeat)::float8 FROM {Table} WHERE state_id = @id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        return (reader.GetString(0), new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero), reader.GetInt32(2), TimeSpan.FromSeconds(reader.GetDouble(3)));
    }

    private async Task HeartbeatAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, _backend.LeaseTimeoutSeconds / 4.0)));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                await _sessionUse.WaitAsync(_stop.Token);
                try
                {
                    await using var command = Command($"UPDATE {Table} SET heartbeat = now() WHERE state_id = @id AND backend_pid = pg_backend_pid()");
                    if (await command.ExecuteNonQueryAsync(_stop.Token) == 0)
                    {
                        Log.Error($"state id '{_stateId}': the lock was taken over by another run while this one held it");
                    }
                }
                catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
                {
                    Log.Warning($"state id '{_stateId}': could not renew the lock's lease: {PostgresStateBackend.OneLine(ex)}");
                }
                finally
                {
                    _sessionUse.Release();
                }
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
        try
        {
            await using (var command = Command($"DELETE FROM {Table} WHERE state_id = @id AND backend_pid = pg_backend_pid(); SELECT pg_advisory_unlock({Key})"))
            {
                await command.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // Closing the session below releases the advisory lock anyway.
            Log.Warning($"state id '{_stateId}': could not remove the lock row: {PostgresStateBackend.OneLine(ex)}");
        }
        await _session.DisposeAsync();
        _stop.Dispose();
        _sessionUse.Dispose();
    }
}
