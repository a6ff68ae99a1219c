using MySqlConnector;
using Singer.Sdk;

namespace TapMysql.Connection;

/// <summary>
/// Opens connections from the tap's config, runs the session SQL, and turns connection failures and
/// timeouts into one clear line naming the server and the setting that ran out.
/// </summary>
internal sealed class MysqlConnectionFactory
{
    private readonly string _connectionString;
    private readonly IReadOnlyList<string> _sessionSqls;
    private readonly string _endpoint;
    private readonly string _where;
    private readonly int _connectTimeout;
    private readonly int _readTimeout;

    public MysqlConnectionFactory(PluginConfig config)
    {
        var host = config.GetRequiredString("host");
        var port = MysqlSettings.Bounded(config, "port", MysqlSettings.DefaultPort, 1, 65535);
        var user = config.GetRequiredString("user");
        _connectTimeout = MysqlSettings.Bounded(config, "connect_timeout", MysqlSettings.DefaultConnectTimeoutSeconds, 1);
        _readTimeout = MysqlSettings.Bounded(config, "read_timeout", MysqlSettings.DefaultReadTimeoutSeconds, 1);
        var builder = new MySqlConnectionStringBuilder
        {
            Server = host,
            Port = (uint)port,
            UserID = user,
            Password = config.GetString("password") ?? "",
            // Covers the TCP connect and the server's greeting: a server that accepts and never answers fails here.
            ConnectionTimeout = (uint)_connectTimeout,
            // MySqlConnector applies it to each wait for the server (a query's first row, every later network
            // read), not to a whole copy, so a long table copy is never cut short by it.
            DefaultCommandTimeout = (uint)_readTimeout,
            // Session SQL such as `SET @x = 1` (user variables), as the Python tap allows.
            AllowUserVariables = true,
            // Every value is converted by this tap's own type table, not by the driver's guesses.
            TreatTinyAsBoolean = false,
            GuidFormat = MySqlGuidFormat.None,
            AllowZeroDateTime = true,
            ConvertZeroDateTime = false,
            DateTimeKind = MySqlDateTimeKind.Utc,
            CharacterSet = "utf8mb4",
            Pooling = false,
            AllowPublicKeyRetrieval = true,
        };
        if (config.GetString("database") is { Length: > 0 } database)
        {
            builder.Database = database;
        }
        ConfigureSsl(builder, config);
        _connectionString = builder.ConnectionString;
        _sessionSqls = config.Has("session_sqls") ? config.GetStringList("session_sqls") : MysqlSettings.DefaultSessionSqls;
        _endpoint = $"{host}:{port}";
        _where = $"{_endpoint} as '{user}'";
    }

    public async Task<MySqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new MySqlConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch (MySqlException ex)
        {
            await connection.DisposeAsync();
            var why = IsTimeout(ex) ? $"no answer within connect_timeout {_connectTimeout} s" : ex.Message;
            throw new ConfigurationException($"cannot connect to MySQL at {_where}: {why}", ex);
        }
        try
        {
            foreach (var sql in _sessionSqls)
            {
                await using var command = new MySqlCommand(sql, connection);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        catch (MySqlException ex)
        {
            await connection.DisposeAsync();
            throw IsTimeout(ex) ? Failure("running session SQL", ex) : new ConfigurationException($"session SQL failed on {_where}: {ex.Message}", ex);
        }
        return connection;
    }

    /// <summary>
    /// The one line for a server error or a lost connection (see <see cref="ServerFailure"/>) while <paramref name="doing"/>
    /// something (e.g. "copying stream 'db-t'"): a timeout names read_timeout, a connection cut off (the server
    /// restarted, a proxy dropped it) says so; anything else the server's message. Exit 1: the config may be fine.
    /// </summary>
    public SingerException Failure(string doing, Exception ex) => ex switch
    {
        MySqlException mysql when IsTimeout(mysql) => new SingerException($"MySQL at {_endpoint} did not answer within read_timeout {_readTimeout} s while {doing}", ex),
        MySqlEndOfStreamException => new SingerException($"lost the connection to MySQL at {_endpoint} while {doing}: {ex.Message}", ex),
        _ => new SingerException($"MySQL at {_endpoint} failed while {doing}: {ex.Message}", ex),
    };

    /// <summary>
    /// The server's error, or the connection's end mid-answer, under <paramref name="ex"/> (the copy's reading thread hands
    /// them over wrapped); null for anything else (an error of ours, stdout's reader gone).
    /// </summary>
    public static Exception? ServerFailure(Exception ex) => ex switch
    {
        MySqlException or MySqlEndOfStreamException => ex,
        { InnerException: { } inner } => ServerFailure(inner),
        _ => null,
    };

    private static bool IsTimeout(MySqlException ex) =>
        ex.ErrorCode is MySqlErrorCode.CommandTimeoutExpired
        || (ex.ErrorCode is MySqlErrorCode.UnableToConnectToHost && ex.InnerException is TimeoutException or OperationCanceledException)
        || ex.Message.Contains("Connect Timeout expired", StringComparison.OrdinalIgnoreCase);

    private static void ConfigureSsl(MySqlConnectionStringBuilder builder, PluginConfig config)
    {
        if (!config.GetBool("ssl", false))
        {
            builder.SslMode = MySqlSslMode.Preferred;
            return;
        }
        builder.SslMode = config.GetString("ssl_ca") is { Length: > 0 } ? MySqlSslMode.VerifyCA : MySqlSslMode.Required;
        builder.SslCa = config.GetString("ssl_ca") ?? "";
        builder.SslCert = config.GetString("ssl_cert") ?? "";
        builder.SslKey = config.GetString("ssl_key") ?? "";
    }
}
