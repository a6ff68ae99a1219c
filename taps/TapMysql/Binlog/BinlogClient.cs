using System.Runtime.CompilerServices;
using Singer.Sdk;

namespace TapMysql.Binlog;

/// <summary>
/// A replica connection reading the binlog with COM_BINLOG_DUMP over our own TCP connection (MySqlConnector
/// does not expose raw packets), from a start position up to a stop position without waiting for more.
/// </summary>
internal sealed class BinlogClient : IAsyncDisposable
{
    private readonly string _endpoint;

    private BinlogClient(string endpoint)
    {
        _endpoint = endpoint;
    }

    public static Task<BinlogClient> ConnectAsync(PluginConfig config, uint serverId, CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested ? throw new OperationCanceledException() : Task.FromResult(new BinlogClient($"{config.GetRequiredString("host")} {serverId}"));

    /// <summary>
    /// Events from <paramref name="start"/>; completes after the first event whose End is at or past
    /// <paramref name="stop"/>, or when the server has no more. Never waits for events past stop.
    /// </summary>
    public async IAsyncEnumerable<BinlogEvent> ReadAsync(BinlogPosition start, BinlogPosition stop, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        throw new NotImplementedException(_endpoint);
#pragma warning disable CS0162
        yield break;
#pragma warning restore CS0162
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
