using Singer.Sdk;
using Singer.Sdk.Maps;

namespace TapMysql;

/// <summary>tap-mysql's config keys: the Python tap-mysql's, so an existing config file works unchanged.</summary>
internal static class MysqlSettings
{
    public const int DefaultPort = 3306;
    public const int DefaultStateIntervalRows = 1000;
    public const int DefaultConnectTimeoutSeconds = 15;
    public const int DefaultReadTimeoutSeconds = 3600;

    public static readonly IReadOnlyList<string> DefaultSessionSqls =
    [
        "SET @@session.time_zone='+0:00'",
        "SET @@session.wait_timeout=28800",
        "SET @@session.net_read_timeout=3600",
        "SET @@session.innodb_lock_wait_timeout=3600",
    ];

    public static AboutInfo About { get; } = new(
        "tap-mysql",
        "Singer tap for MySQL and MariaDB: discovery, FULL_TABLE (resumable), INCREMENTAL and LOG_BASED (binlog) replication with exact types.",
        ["catalog", "discover", "state", "about", "test", "activate-version", "properties"],
        [
            new("host", "string", "Server host name or address.", Required: true),
            new("port", "integer", "Server port.", Default: DefaultPort),
            new("user", "string", "User name.", Required: true),
            new("password", "string", "Password.", Secret: true),
            new("database", "string", "Database to discover when filter_dbs is not set (also the connection's default database)."),
            new("filter_dbs", "string", "Comma-separated databases to discover (default: database, else every non-system database)."),
            new("ssl", "boolean", "Require TLS.", Default: false),
            new("ssl_ca", "string", "CA certificate file; with ssl, the server certificate is verified against it."),
            new("ssl_cert", "string", "Client certificate file (with ssl_key)."),
            new("ssl_key", "string", "Client private key file.", Secret: true),
            new("session_sqls", "array", "SQL statements run on every new connection; replaces the defaults (UTC time zone, long timeouts).",
                Default: DefaultSessionSqls.Cast<object?>().ToList()),
            new("server_id", "integer", "Replica server id LOG_BASED reads the binlog as (1 to 4294967295, not the server's own); default: a random id from 1073741824 to 2147483647 each run."),
            new("log_based_resync_when_purged", "boolean", "When a LOG_BASED bookmark is in a binlog file the server has purged, copy the stream again (new version) instead of failing.", Default: false),
            new("export_batch_rows", "integer", "Rows between STATE messages while a table is copied; for LOG_BASED, records after which the next transaction boundary writes a STATE.", Default: DefaultStateIntervalRows),
            new("json_as_string", "boolean", "Discover JSON columns as strings (the document's text), as the Python tap-mysql does; for targets that cannot load JSON values.", Default: false),
            new("connect_timeout", "integer", "Seconds to wait for a connection and the server's greeting (at least 1).", Default: DefaultConnectTimeoutSeconds),
            new("read_timeout", "integer", "Seconds to wait for any answer from the server once connected: a query's first row, each later read (at least 1).",
                Default: DefaultReadTimeoutSeconds),
            new("partition", "object", "Copy only share index of count of every FULL_TABLE stream, by ranges of the first key column: {\"count\": N, \"index\": i}; missing ones are read from JOB_COMPLETION_COUNT / JOB_COMPLETION_INDEX (a Kubernetes Indexed Job). No ACTIVATE_VERSION is sent."),
            .. StreamMapper.Settings(withFlattening: true),
        ]);

    /// <summary>An integer setting within [min, max]; a value outside is refused naming the key, never clamped or read as "forever".</summary>
    public static int Bounded(PluginConfig config, string key, int defaultValue, int min, int max = int.MaxValue)
    {
        var value = config.GetLong(key) ?? defaultValue;
        return value >= min && value <= max
            ? (int)value
            : throw new ConfigurationException($"config key '{key}' must be {(max == int.MaxValue ? $"at least {min}" : $"between {min} and {max}")}, got {value}");
    }
}
