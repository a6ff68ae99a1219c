using Npgsql;
using Singer.Sdk;

namespace TargetPostgres;

/// <summary>
/// The server a run talks to and how long it waits for it (target-postgres, and target-redshift over the same
/// driver), checked once from the config; and the one-line errors that name it when it does not answer in time.
/// </summary>
internal sealed class PostgresEndpoint
{
    public const int DefaultConnectTimeout = 30;

    /// <summary>An hour: a merge into a large table is slow, a server that answers nothing for an hour is gone.</summary>
    public const int DefaultCommandTimeout = 3600;

    /// <summary>Idle seconds before the OS probes the peer, so a server that vanished mid-command is noticed.</summary>
    private const int KeepAliveSeconds = 60;

    private PostgresEndpoint(string product, string host, int port, string user)
    {
        Product = product;
        Host = host;
        Port = port;
        User = user;
    }

    /// <summary>PostgreSQL or Redshift, for messages.</summary>
    public string Product { get; }

    public string Host { get; }

    public int Port { get; }

    public string User { get; }

    public int ConnectTimeout { get; private init; }

    public int CommandTimeout { get; private init; }

    public required string ConnectionString { get; init; }

    public static IReadOnlyList<SettingDefinition> Settings =>
    [
        new("connect_timeout", "integer", "Seconds to wait for the server to accept a session (connect, TLS, login).", Default: (long)DefaultConnectTimeout),
        new("command_timeout", "integer", "Seconds to wait for the server to answer one statement or one COPY write; then the run stops.", Default: (long)DefaultCommandTimeout),
    ];

    /// <summary>The connection keys of <paramref name="config"/>; a port or timeout out of range is a <see cref="ConfigurationException"/>.</summary>
    public static PostgresEndpoint From(PluginConfig config, string product, int defaultPort, bool ssl, Action<NpgsqlConnectionStringBuilder>? adjust = null)
    {
        var port = config.GetLong("port", defaultPort);
        if (port is < 1 or > 65535)
        {
            throw new ConfigurationException($"config key 'port' must be between 1 and 65535, not {port}");
        }
        var connectTimeout = PositiveSeconds(config, "connect_timeout", DefaultConnectTimeout);
        var commandTimeout = PositiveSeconds(config, "command_timeout", DefaultCommandTimeout);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = config.GetRequiredString("host"),
            Port = (int)port,
            Username = config.GetRequiredString("user"),
            Password = config.GetString("password"),
            Database = config.GetRequiredString("dbname"),
            SslMode = ssl ? SslMode.Require : SslMode.Prefer,
            Pooling = false,
            Timeout = connectTimeout,
            CommandTimeout = commandTimeout,
            // After a timeout the command is cancelled; wait this long for the server to confirm, then drop the session.
            CancellationTimeout = 5000,
            TcpKeepAlive = true,
            TcpKeepAliveTime = KeepAliveSeconds,
            TcpKeepAliveInterval = 10,
        };
        adjust?.Invoke(builder);
        return new PostgresEndpoint(product, builder.Host!, (int)port, builder.Username!)
        {
            ConnectTimeout = connectTimeout,
            CommandTimeout = commandTimeout,
            ConnectionString = builder.ConnectionString,
        };
    }

    private static int PositiveSeconds(PluginConfig config, string key, int defaultValue)
    {
        var seconds = config.GetLong(key, defaultValue);
        return seconds is >= 1 and <= int.MaxValue / 1000
            ? (int)seconds
            : throw new ConfigurationException($"config key '{key}' must be a positive number of seconds, not {seconds}");
    }

    /// <summary>Where, for messages: host:port.</summary>
    public override string ToString() => $"{Host}:{Port}";

    /// <summary>A failed attempt to open a session, as the one line the user sees (exit 2: the config points at no working server).</summary>
    public ConfigurationException CannotConnect(Exception ex) => IsTimeout(ex)
        ? new ConfigurationException($"cannot connect to {Product} at {this} as '{User}': no answer within connect_timeout {ConnectTimeout} s", ex)
        : new ConfigurationException($"cannot connect to {Product} at {this} as '{User}': {ex.Message}", ex);

    /// <summary>A statement or COPY that got no answer in time, as one line naming the server, the timeout and what was under way.</summary>
    public SingerException NoAnswer(string doing, Exception ex) =>
        new($"{Product} at {this} did not answer within command_timeout {CommandTimeout} s while {doing}", ex);

    /// <summary>
    /// The connection broke under a statement or COPY (the server restarted, the network dropped it), as one line naming
    /// the server and what was under way. Nothing of the batch was committed, so no STATE past it went out.
    /// </summary>
    public SingerException Lost(string doing, Exception ex) =>
        new($"lost the connection to {Product} at {this} while {doing}: {ex.Message}{(ex.InnerException is { } inner ? $" ({inner.Message})" : "")}", ex);

    /// <summary>Runs <paramref name="action"/>, turning a timeout into <see cref="NoAnswer"/> and a broken connection into <see cref="Lost"/>.</summary>
    public async Task RunAsync(string doing, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception ex) when (IsTimeout(ex))
        {
            throw NoAnswer(doing, ex);
        }
        catch (Exception ex) when (IsConnectionLost(ex))
        {
            throw Lost(doing, ex);
        }
    }

    /// <summary>Runs <paramref name="action"/>, turning a timeout into <see cref="NoAnswer"/> and a broken connection into <see cref="Lost"/>.</summary>
    public async Task<T> RunAsync<T>(string doing, Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception ex) when (IsTimeout(ex))
        {
            throw NoAnswer(doing, ex);
        }
        catch (Exception ex) when (IsConnectionLost(ex))
        {
            throw Lost(doing, ex);
        }
    }

    /// <summary>True for a failure of the connection itself, not an error the server answered with (<see cref="PostgresException"/>).</summary>
    private static bool IsConnectionLost(Exception ex) =>
        ex is NpgsqlException and not PostgresException || ex is IOException or System.Net.Sockets.SocketException;

    /// <summary>True for Npgsql's timeouts (connect or command), which it reports as an NpgsqlException over a TimeoutException.</summary>
    public static bool IsTimeout(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is TimeoutException)
            {
                return true;
            }
        }
        return false;
    }
}
