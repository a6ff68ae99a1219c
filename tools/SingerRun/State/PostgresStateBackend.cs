using Npgsql;
using NpgsqlTypes;
using Singer.Sdk;

namespace SingerRun.State;

/// <summary>
/// States in PostgreSQL: <c>postgresql://user:password@host:port/db?schema=NAME</c> keeps the table
/// <c>singer_state(state_id text primary key, value jsonb, updated_at timestamptz)</c> (created when missing), each
/// value in Meltano's layout <c>{"completed": …, "partial": …}</c>. One UPSERT per state: a crash leaves the old row or
/// the new one. The lock is <see cref="PostgresStateLock"/>. Every connection has a connect timeout
/// (<c>connect_timeout</c>, default 10 s), every command a timeout (<c>command_timeout</c>, default 30 s), and a transient
/// failure is retried at most <c>max_retries</c> (default 2) times.
/// </summary>
internal sealed class PostgresStateBackend : IStateBackend
{
    public const int DefaultLeaseTimeoutSeconds = 60;
    private readonly string _connectionString;
    private bool _tablesReady;

    private PostgresStateBackend(NpgsqlConnectionStringBuilder builder, string schema, int maxRetries, int leaseTimeout)
    {
        _connectionString = builder.ConnectionString;
        Schema = schema;
        MaxRetries = maxRetries;
        LeaseTimeoutSeconds = leaseTimeout;
        Label = $"postgresql://{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}?schema={schema}";
    }

    public string Label { get; }

    public string Schema { get; }

    public int LeaseTimeoutSeconds { get; }

    /// <summary>How many times a transient failure is retried (<c>max_retries</c>).</summary>
    public int MaxRetries { get; }

    /// <summary>The schema, quoted for SQL.</summary>
    public string QuotedSchema => "\"" + Schema.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static PostgresStateBackend From(BackendUri uri)
    {
        uri.CheckSettings("schema", "sslmode", "connect_timeout", "command_timeout", "max_retries", "lease_timeout");
        var database = uri.Path;
        if (database.Length == 0 || database.Contains('/'))
        {
            throw new ConfigurationException($"PostgreSQL state backend '{BackendUri.Redact(uri.Uri.OriginalString)}' must name one database: postgresql://user:password@host:port/db");
        }
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Uri.Host,
            Port = uri.Uri.Port > 0 ? uri.Uri.Port : 5432,
            Username = uri.User ?? Environment.GetEnvironmentVariable("PGUSER") ?? Environment.UserName,
            Password = uri.Password ?? Environment.GetEnvironmentVariable("PGPASSWORD"),
            Database = database,
            Timeout = uri.Seconds("connect_timeout", 10),
            CommandTimeout = uri.Seconds("command_timeout", 30),
            // A dead peer is noticed within a minute, so a held session (and its lock) does not linger on a half-open socket.
            KeepAlive = 15,
            ApplicationName = "singer-run",
        };
        if (uri.Setting("sslmode") is { } sslMode)
        {
            builder.SslMode = Enum.TryParse<SslMode>(sslMode, ignoreCase: true, out var mode) ? mode
                : throw new ConfigurationException($"state backend setting 'sslmode' must be disable, allow, prefer, require, verify-ca or verify-full, not '{sslMode}'");
        }
        var retries = uri.Setting("max_retries") switch
        {
            null => 2,
            var text when int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= 100 => n,
            var text => throw new ConfigurationException($"state backend setting 'max_retries' must be a number from 0 to 100, not '{text}'"),
        };
        return new PostgresStateBackend(builder, uri.Setting("schema") ?? "public", retries, uri.Seconds("lease_timeout", DefaultLeaseTimeoutSeconds));
    }

    /// <summary>A connection of its own (not pooled), for the lock's session that lives as long as the run.</summary>
    public NpgsqlConnection NewSession() => new(new NpgsqlConnectionStringBuilder(_connectionString) { Pooling = false }.ConnectionString);

    public Task<StoredState?> GetAsync(string stateId, CancellationToken cancellationToken) =>
        WithConnectionAsync("read the state", async connection =>
        {
            await using var command = new NpgsqlCommand($"SELECT value::text FROM {QuotedSchema}.singer_state WHERE state_id = @id", connection);
            command.Parameters.AddWithValue("id", IStateBackend.CheckStateId(stateId));
            return await command.ExecuteScalarAsync(cancellationToken) is string text
                ? StoredState.Parse(SingerJson.Parse(text), $"stored state '{stateId}' in {Label}")
                : null;
        }, cancellationToken);

    public Task SetAsync(string stateId, StoredState state, CancellationToken cancellationToken) =>
        WithConnectionAsync("write the state", async connection =>
        {
            await using var command = new NpgsqlCommand($"""
                INSERT INTO {QuotedSchema}.singer_state (state_id, value, updated_at) VALUES (@id, @value, now())
                ON CONFLICT (state_id) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at
                """, connection);
            command.Parameters.AddWithValue("id", IStateBackend.CheckStateId(stateId));
            command.Parameters.AddWithValue("value", NpgsqlDbType.Jsonb, SingerJson.Serialize(state.ToJson()));
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken) =>
        WithConnectionAsync<IReadOnlyList<string>>("list the states", async connection =>
        {
            await using var command = new NpgsqlCommand($"SELECT state_id FROM {QuotedSchema}.singer_state ORDER BY state_id COLLATE \"C\"", connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var ids = new List<string>();
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetString(0));
            }
            return ids;
        }, cancellationToken);

    public Task<bool> ClearAsync(string stateId, CancellationToken cancellationToken) =>
        WithConnectionAsync("clear the state", async connection =>
        {
            await using var command = new NpgsqlCommand($"DELETE FROM {QuotedSchema}.singer_state WHERE state_id = @id", connection);
            command.Parameters.AddWithValue("id", IStateBackend.CheckStateId(stateId));
            return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
        }, cancellationToken);

    public async Task<IAsyncDisposable> LockAsync(string stateId, CancellationToken cancellationToken)
    {
        await WithConnectionAsync("create the state tables", _ => Task.FromResult(0), cancellationToken);
        return await PostgresStateLock.TakeAsync(this, IStateBackend.CheckStateId(stateId), cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> on a pooled connection (tables created first), retrying transient failures a bounded number of times.</summary>
    public async Task<T> WithConnectionAsync<T>(string what, Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(_connectionString);
                await connection.OpenAsync(cancellationToken);
                await EnsureTablesAsync(connection, cancellationToken);
                return await work(connection);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                if (attempt < MaxRetries && ex is NpgsqlException { IsTransient: true } or TimeoutException)
                {
                    Log.Warning($"PostgreSQL state backend: could not {what} (attempt {attempt + 1} of {MaxRetries + 1}): {OneLine(ex)}; retrying");
                    await Task.Delay(TimeSpan.FromSeconds(attempt + 1), cancellationToken);
                    continue;
                }
                throw new SingerException($"PostgreSQL state backend {Label}: could not {what}: {OneLine(ex)}", ex);
            }
        }
    }

    public static string OneLine(Exception ex) => ex.Message.ReplaceLineEndings(" ").Trim();

    /// <summary>Creates the schema and tables once per process; concurrent first runs are serialised by a transaction lock.</summary>
    private async Task EnsureTablesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (_tablesReady)
        {
            return;
        }
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            SELECT pg_advisory_xact_lock(hashtextextended('singer-run tables', 0));
            CREATE SCHEMA IF NOT EXISTS {QuotedSchema};
            CREATE TABLE IF NOT EXISTS {QuotedSchema}.singer_state (state_id text PRIMARY KEY, value jsonb NOT NULL, updated_at timestamptz NOT NULL DEFAULT now());
            CREATE TABLE IF NOT EXISTS {QuotedSchema}.singer_state_lock (state_id text PRIMARY KEY, holder text NOT NULL, backend_pid integer NOT NULL,
                since timestamptz NOT NULL, heartbeat timestamptz NOT NULL);
            """, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        _tablesReady = true;
    }
}
