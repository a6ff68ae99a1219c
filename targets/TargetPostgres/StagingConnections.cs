using Npgsql;

namespace TargetPostgres;

/// <summary>
/// The connections batches stage and merge on, bounded whatever the number of streams. A batch that starts while
/// one of the <see cref="DirectCount"/> direct connections is free COPYs its records over it as they arrive (the
/// one-big-stream case: one batch commits while the next stages). Otherwise the batch is spilled to a local buffer
/// (see <see cref="SpillBuffer"/>) and, at its commit, takes the one spill connection in turn. A direct connection is
/// never waited for and the spill connection is only waited for by spilled commits, each of which ends by itself, so
/// no batch waits on one that cannot commit before it. With the dialect's own connection a run holds at most
/// <see cref="DirectCount"/> + 2 sessions.
/// </summary>
internal sealed class StagingConnections : IAsyncDisposable
{
    /// <summary>Enough for two interleaved streams, each with a batch committing while the next stages.</summary>
    public const int DirectCount = 3;

    private readonly PostgresEndpoint _endpoint;
    private readonly Lock _lock = new();
    private readonly Stack<NpgsqlConnection> _idle = [];
    private readonly SemaphoreSlim _spillTurn = new(1, 1);
    private NpgsqlConnection? _spill;
    private int _directTaken;

    public StagingConnections(PostgresEndpoint endpoint)
    {
        _endpoint = endpoint;
    }

    /// <summary>A direct connection, or null when all are taken (or the server has no session to spare).</summary>
    public async Task<NpgsqlConnection?> TryTakeDirectAsync(CancellationToken ct)
    {
        lock (_lock)
        {
            if (_directTaken >= DirectCount)
            {
                return null;
            }
            _directTaken++;
            if (_idle.TryPop(out var idle))
            {
                return idle;
            }
        }
        try
        {
            return await PostgresDialect.ConnectAsync(_endpoint, ct);
        }
        catch (Exception ex) when (IsOutOfSessions(ex))
        {
            // max_connections or the role's CONNECTION LIMIT: this batch spills and commits over the spill connection.
            Singer.Sdk.Log.Debug($"no session for another staging connection ({ex.InnerException?.Message}); the batch is staged locally");
            Release();
            return null;
        }
        catch
        {
            Release();
            throw;
        }
    }

    /// <summary>Gives back a direct connection: kept for the next batch after a commit, closed after a failure.</summary>
    public async ValueTask ReturnDirectAsync(NpgsqlConnection connection, bool reusable)
    {
        lock (_lock)
        {
            _directTaken--;
            if (reusable && connection.FullState == System.Data.ConnectionState.Open)
            {
                _idle.Push(connection);
                return;
            }
        }
        await connection.DisposeAsync();
    }

    /// <summary>Waits for the spill connection's turn; the caller ends it with <see cref="EndSpillTurnAsync"/>.</summary>
    public async Task<NpgsqlConnection> TakeSpillTurnAsync(CancellationToken ct)
    {
        await _spillTurn.WaitAsync(ct);
        try
        {
            return _spill ??= await PostgresDialect.ConnectAsync(_endpoint, ct);
        }
        catch
        {
            _spillTurn.Release();
            throw;
        }
    }

    /// <summary>Ends a turn on the spill connection; after a failure the connection is closed and the next turn opens another.</summary>
    public async ValueTask EndSpillTurnAsync(bool succeeded)
    {
        try
        {
            if (!succeeded && _spill is { } broken)
            {
                _spill = null;
                await broken.DisposeAsync();
            }
        }
        finally
        {
            _spillTurn.Release();
        }
    }

    private void Release()
    {
        lock (_lock)
        {
            _directTaken--;
        }
    }

    /// <summary>53300: too_many_connections, for the server (max_connections) and for a role's CONNECTION LIMIT.</summary>
    private static bool IsOutOfSessions(Exception ex) => ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.TooManyConnections };

    public async ValueTask DisposeAsync()
    {
        List<NpgsqlConnection> idle;
        lock (_lock)
        {
            idle = [.. _idle];
            _idle.Clear();
        }
        foreach (var connection in idle)
        {
            await connection.DisposeAsync();
        }
        if (_spill is not null)
        {
            await _spill.DisposeAsync();
        }
        _spillTurn.Dispose();
    }
}
