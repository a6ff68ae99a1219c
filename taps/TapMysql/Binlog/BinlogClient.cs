using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using Singer.Sdk;
using TapMysql.Binlog.Protocol;

namespace TapMysql.Binlog;

/// <summary>
/// A replica connection reading the binlog with COM_BINLOG_DUMP over our own TCP connection (MySqlConnector
/// does not expose raw packets), from a start position up to a stop position without waiting for more.
/// Connecting authenticates with mysql_native_password, asks for CRC32 checksums when the server writes them,
/// announces MariaDB GTID support and registers as a replica with the given server id.
/// </summary>
internal sealed class BinlogClient : IAsyncDisposable
{
    private const byte OkMarker = 0x00;
    private const byte EofMarker = 0xFE;
    private const byte AuthMoreDataMarker = 0x01;

    /// <summary>ER_MASTER_FATAL_ERROR_READING_BINLOG: the server cannot serve the requested coordinates.</summary>
    private const int FatalReadingBinlog = 1236;

    private readonly PacketChannel _channel;
    private readonly string _endpoint;
    private readonly uint _serverId;
    private bool _checksums;
    private bool _reading;

    private BinlogClient(PacketChannel channel, string endpoint, uint serverId)
    {
        _channel = channel;
        _endpoint = endpoint;
        _serverId = serverId;
    }

    /// <summary>The server's version from its greeting (MariaDB's carries "MariaDB").</summary>
    public string ServerVersion { get; private set; } = "";

    public static async Task<BinlogClient> ConnectAsync(PluginConfig config, uint serverId, CancellationToken cancellationToken)
    {
        var host = config.GetRequiredString("host");
        var port = MysqlSettings.Bounded(config, "port", MysqlSettings.DefaultPort, 1, 65535);
        var user = config.GetRequiredString("user");
        var connectTimeout = MysqlSettings.Bounded(config, "connect_timeout", MysqlSettings.DefaultConnectTimeoutSeconds, 1);
        var readTimeout = MysqlSettings.Bounded(config, "read_timeout", MysqlSettings.DefaultReadTimeoutSeconds, 1);
        var endpoint = $"{host}:{port}";
        var tls = ReplicaTls.FromConfig(config, host);
        var stream = await OpenStreamAsync(host, port, endpoint, connectTimeout, cancellationToken);
        var client = new BinlogClient(new PacketChannel(stream, TimeSpan.FromSeconds(connectTimeout), endpoint) { ReadTimeoutName = "connect_timeout" }, endpoint, serverId);
        try
        {
            await client.AuthenticateAsync(user, config.GetString("password") ?? "", tls, TimeSpan.FromSeconds(connectTimeout), cancellationToken);
            client._channel.ReadTimeout = TimeSpan.FromSeconds(readTimeout);
            client._channel.ReadTimeoutName = "read_timeout";
            await client.PrepareReplicaAsync(cancellationToken);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Events from <paramref name="start"/>; completes after the first event whose End is at or past
    /// <paramref name="stop"/>, or when the server has no more. Never waits for events past stop.
    /// A client reads once: the server streams a dump until the connection closes.
    /// </summary>
    public async IAsyncEnumerable<BinlogEvent> ReadAsync(BinlogPosition start, BinlogPosition stop, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (_reading)
        {
            throw new InvalidOperationException("a BinlogClient reads the binlog once; connect again for another read");
        }
        _reading = true;
        _channel.ResetSequence();
        await _channel.WriteAsync(ReplicaCommands.Dump(start, _serverId), cancellationToken);
        var parser = new BinlogEventParser(start, _checksums);
        while (true)
        {
            var payload = await _channel.ReadAsync("reading the binlog", cancellationToken);
            var marker = payload.Span[0];
            if (marker == EofMarker && payload.Length < 9)
            {
                yield break;
            }
            if (marker == ServerError.Marker)
            {
                throw DumpFailure(start, ServerError.Read(payload.Span));
            }
            var parsed = parser.Parse(payload.Span[1..]);
            if (parsed is not null)
            {
                yield return parsed;
            }
            if (parser.Position >= stop)
            {
                yield break;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _channel.Dispose();
        return ValueTask.CompletedTask;
    }

    private static async Task<Stream> OpenStreamAsync(string host, int port, string endpoint, int connectTimeout, CancellationToken cancellationToken)
    {
        Socket? socket = new(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(connectTimeout));
        try
        {
            await socket.ConnectAsync(host, port, timeout.Token);
            var stream = new NetworkStream(socket, ownsSocket: true);
            socket = null;
            return stream;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var why = ex is OperationCanceledException ? $"no answer within connect_timeout {connectTimeout} s" : ex.Message;
            throw new ConfigurationException($"cannot connect to MySQL at {endpoint} for the binlog: {why}", ex);
        }
        finally
        {
            socket?.Dispose();
        }
    }

    private async Task AuthenticateAsync(string user, string password, ReplicaTls? tls, TimeSpan connectTimeout, CancellationToken cancellationToken)
    {
        var greeting = await _channel.ReadAsync("waiting for the server's greeting", cancellationToken);
        if (greeting.Span[0] == ServerError.Marker)
        {
            throw AuthFailure(user, ServerError.Read(greeting.Span).Message);
        }
        var handshake = Handshake.Read(greeting.Span);
        ServerVersion = handshake.ServerVersion;
        if (tls is not null)
        {
            if ((handshake.Capabilities & CapabilityFlags.Ssl) == 0)
            {
                throw new ConfigurationException($"cannot connect to MySQL at {_endpoint} for the binlog: config key ssl asks for TLS but the server does not offer it");
            }
            await _channel.WriteAsync(HandshakeResponse.SslRequest(), cancellationToken);
            _channel.ReplaceStream(await tls.UpgradeAsync(_channel.Stream, _endpoint, connectTimeout, cancellationToken));
        }
        var response = HandshakeResponse.Create(user, NativePassword.Answer(password, handshake.Scramble), NativePassword.Name, tls is not null);
        await _channel.WriteAsync(response, cancellationToken);
        while (true)
        {
            var reply = await _channel.ReadAsync("authenticating", cancellationToken);
            switch (reply.Span[0])
            {
                case OkMarker:
                    return;
                case ServerError.Marker:
                    throw AuthFailure(user, ServerError.Read(reply.Span).Message);
                case EofMarker:
                    // AuthSwitchRequest: the plugin the account uses, and a fresh scramble for it.
                    var reader = new PacketReader(reply.Span[1..]);
                    var plugin = reader.ReadNullTerminatedString();
                    if (plugin != NativePassword.Name)
                    {
                        throw UnsupportedPlugin(user, plugin);
                    }
                    await _channel.WriteAsync(NativePassword.Answer(password, reader.Rest.TrimEnd((byte)0)), cancellationToken);
                    break;
                case AuthMoreDataMarker:
                    throw UnsupportedPlugin(user, handshake.AuthPlugin);
                default:
                    throw new BinlogProtocolException($"MySQL at {_endpoint} answered authentication with an unknown packet 0x{reply.Span[0]:X2}");
            }
        }
    }

    /// <summary>Checksums as the server writes them, MariaDB GTID events, and registration as a replica.</summary>
    private async Task PrepareReplicaAsync(CancellationToken cancellationToken)
    {
        var serverChecksum = await QueryValueAsync("SELECT @@global.binlog_checksum", cancellationToken);
        _checksums = string.Equals(serverChecksum, "CRC32", StringComparison.OrdinalIgnoreCase);
        await ExecuteAsync($"SET @master_binlog_checksum = '{(_checksums ? "CRC32" : "NONE")}'", cancellationToken);
        // 4 = MARIA_SLAVE_CAPABILITY_GTID: MariaDB sends its GTID events instead of rewriting them as BEGIN queries.
        await ExecuteAsync("SET @mariadb_slave_capability = 4", cancellationToken);
        _channel.ResetSequence();
        await _channel.WriteAsync(ReplicaCommands.RegisterReplica(_serverId), cancellationToken);
        await ReadOkAsync("registering as a replica", cancellationToken);
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        _channel.ResetSequence();
        await _channel.WriteAsync(ReplicaCommands.Query(sql), cancellationToken);
        await ReadOkAsync($"running {sql}", cancellationToken);
    }

    private async Task ReadOkAsync(string doing, CancellationToken cancellationToken)
    {
        var reply = await _channel.ReadAsync(doing, cancellationToken);
        if (reply.Span[0] == ServerError.Marker)
        {
            throw new BinlogProtocolException($"MySQL at {_endpoint} failed while {doing}: {ServerError.Read(reply.Span).Message}");
        }
    }

    /// <summary>The first column of the first row of a text result set, or null (an error, or no rows).</summary>
    private async Task<string?> QueryValueAsync(string sql, CancellationToken cancellationToken)
    {
        _channel.ResetSequence();
        await _channel.WriteAsync(ReplicaCommands.Query(sql), cancellationToken);
        var first = await _channel.ReadAsync($"running {sql}", cancellationToken);
        if (first.Span[0] is ServerError.Marker or OkMarker)
        {
            return null;
        }
        var columns = new PacketReader(first.Span).ReadLength();
        for (var i = 0; i < columns; i++)
        {
            await _channel.ReadAsync($"running {sql}", cancellationToken);
        }
        await _channel.ReadAsync($"running {sql}", cancellationToken); // EOF after the column definitions
        string? value = null;
        while (true)
        {
            var row = await _channel.ReadAsync($"running {sql}", cancellationToken);
            if (row.Span[0] == EofMarker && row.Length < 9)
            {
                return value;
            }
            if (value is null && row.Span[0] != 0xFB)
            {
                var reader = new PacketReader(row.Span);
                value = Encoding.UTF8.GetString(reader.ReadBytes(reader.ReadLength()));
            }
        }
    }

    private Exception DumpFailure(BinlogPosition start, ServerError error) =>
        error.Code == FatalReadingBinlog && error.Message.Contains("Could not find first log file name", StringComparison.OrdinalIgnoreCase)
            ? new BinlogPurgedException(start.File, $"MySQL at {_endpoint}: {error.Message}")
            : new BinlogProtocolException($"MySQL at {_endpoint} failed while reading the binlog from {start}: {error.Message}");

    private ConfigurationException AuthFailure(string user, string message) =>
        new($"cannot connect to MySQL at {_endpoint} as '{user}' for the binlog: {message}");

    private ConfigurationException UnsupportedPlugin(string user, string plugin) =>
        new($"cannot connect to MySQL at {_endpoint} as '{user}' for the binlog: the account uses authentication plugin '{plugin}', " +
            $"but LOG_BASED replication supports only {NativePassword.Name} (ALTER USER ... IDENTIFIED WITH {NativePassword.Name})");
}
