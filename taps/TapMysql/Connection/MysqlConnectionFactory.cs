using MySqlConnector;
using Singer.Sdk;

namespace TapMysql.Connection;

/// <summary>Opens connections from the tap's config, runs the session SQL, and turns connection failures into one clear line.</summary>
internal sealed class MysqlConnectionFactory
{
    private readonly string _connectionString;
    private readonly IReadOnlyList<string> _sessionSqls;
    private readonly string _where;

    public MysqlConnectionFactory(PluginConfig config)
    {
        var host = config.GetRequiredString("host");
        var port = config.GetInt("port", MysqlSettings.DefaultPort);
        var user = config.GetRequiredString("user");
        var builder = new MySqlConnectionStringBuilder
        {
            Server = host,
            Port = (uint)port,
            UserID = user,
            Password = config.GetString("password") ?? "",
            ConnectionTimeout = (uint)config.GetInt("connect_timeout", 15),
            DefaultCommandTimeout = 0,
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
        _where = $"{host}:{port} as '{user}'";
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
            throw new ConfigurationException($"cannot connect to MySQL at {_where}: {ex.Message}", ex);
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
            throw new ConfigurationException($"session SQL failed on {_where}: {ex.Message}", ex);
        }
        return connection;
    }

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
