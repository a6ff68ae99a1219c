using MySqlConnector;
using Singer.Sdk;
using TapMysql.Connection;
using TapMysql.Discovery;
using TapMysql.FullTable;
using TapMysql.Incremental;
using TapMysql.LogBased;
using TapMysql.Sync;

namespace TapMysql;

/// <summary>tap-mysql: discovery from information_schema, FULL_TABLE, INCREMENTAL and LOG_BASED replication.</summary>
internal sealed class MysqlTap : Tap
{
    private readonly MysqlConnectionFactory _connections;
    private readonly int _checkpointEvery;
    private readonly TablePartition? _partition;

    /// <summary>Reads and checks every setting up front, so a bad one is refused before anything is emitted.</summary>
    public MysqlTap(PluginConfig config) : base(config)
    {
        _connections = new MysqlConnectionFactory(config);
        _checkpointEvery = MysqlSettings.Bounded(config, "export_batch_rows", MysqlSettings.DefaultStateIntervalRows, 1);
        _partition = TablePartition.FromConfig(config);
    }

    /// <summary>filter_dbs if set, else database, else every non-system database.</summary>
    private IReadOnlyList<string> Databases =>
        Config.GetStringList("filter_dbs") is { Count: > 0 } filter ? filter
        : Config.GetString("database") is { Length: > 0 } database ? [database]
        : [];

    public override async Task<Catalog> DiscoverAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        try
        {
            var tables = await SchemaReader.ReadAsync(connection, Databases, cancellationToken);
            return CatalogBuilder.Build(tables, Config.GetBool("json_as_string", false));
        }
        catch (Exception ex) when (MysqlConnectionFactory.ServerFailure(ex) is { } mysql)
        {
            throw _connections.Failure("reading information_schema", mysql);
        }
    }

    public override async Task TestConnectionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        Log.Info($"connected to {connection.ServerVersion}");
    }

    public override async Task SyncAsync(Catalog catalog, SingerState state, SingerWriter output, CancellationToken cancellationToken)
    {
        var selected = OrderForResume(catalog.SelectedStreams.ToList(), state.CurrentlySyncing);
        if (selected.Count == 0)
        {
            Log.Warning("no stream is selected in the catalog (metadata \"selected\": true at breadcrumb [])");
        }
        OutputStreams.EnsureDistinct(selected);
        await using var connection = await _connections.OpenAsync(cancellationToken);
        Log.Info($"connected to {connection.ServerVersion}");
        var databases = selected.Select(DatabaseOf).Distinct(StringComparer.Ordinal).ToList();
        Dictionary<string, TableInfo> tables;
        try
        {
            tables = (await SchemaReader.ReadAsync(connection, databases, cancellationToken)).ToDictionary(t => t.TapStreamId, StringComparer.Ordinal);
        }
        catch (Exception ex) when (MysqlConnectionFactory.ServerFailure(ex) is { } mysql)
        {
            throw _connections.Failure("reading information_schema", mysql);
        }
        var plans = selected.Select(entry => StreamPlan.Create(entry, tables.GetValueOrDefault($"{DatabaseOf(entry)}-{entry.TableName ?? entry.Stream}")))
            .OfType<StreamPlan>().ToList();
        if (_partition is not null)
        {
            CheckPartitionable(plans);
        }
        var fullTable = new FullTableSync(connection, output, _checkpointEvery, _partition);
        var incremental = new IncrementalSync(connection, output, _checkpointEvery);
        var logBasedPlans = plans.Where(p => p.IsLogBased).ToList();
        var logBased = new LogBasedSync(connection, Config, output, fullTable, _checkpointEvery);
        if (logBasedPlans.Count > 0)
        {
            try
            {
                await logBased.PrepareAsync(logBasedPlans, state, cancellationToken);
            }
            catch (Exception ex) when (MysqlConnectionFactory.ServerFailure(ex) is { } mysql)
            {
                throw _connections.Failure("checking the binary log for LOG_BASED", mysql);
            }
        }

        foreach (var plan in plans)
        {
            if (plan.IsLogBased && !LogBasedSync.NeedsCopy(plan, state))
            {
                // Its changes are read from the binlog below, with the other LOG_BASED streams'.
                continue;
            }
            state.CurrentlySyncing = plan.TapStreamId;
            await output.WriteAsync(new StateMessage(state.Snapshot().Value), cancellationToken);
            await output.WriteAsync(plan.SchemaMessage(), cancellationToken);
            using var timer = Metrics.JobTimer("sync_table", new Dictionary<string, string> { ["database"] = plan.Table.Database, ["table"] = plan.Table.Name });
            Log.Info($"stream '{plan.TapStreamId}': {plan.Method} replication");
            try
            {
                await (plan.Method switch
                {
                    "INCREMENTAL" => incremental.RunAsync(plan, state, cancellationToken),
                    StreamPlan.LogBased => logBased.CopyAsync(plan, state, cancellationToken),
                    _ => fullTable.RunAsync(plan, state, cancellationToken),
                });
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && MysqlConnectionFactory.ServerFailure(ex) is { } mysql)
            {
                timer.Fail();
                throw _connections.Failure($"copying stream '{plan.TapStreamId}'", mysql);
            }
            catch
            {
                timer.Fail();
                throw;
            }
        }
        if (logBasedPlans.Count > 0)
        {
            state.CurrentlySyncing = null;
            try
            {
                await logBased.ReadChangesAsync(logBasedPlans, state, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && MysqlConnectionFactory.ServerFailure(ex) is { } mysql)
            {
                throw _connections.Failure("reading LOG_BASED changes", mysql);
            }
        }
        state.CurrentlySyncing = null;
        await output.WriteAsync(new StateMessage(state.Snapshot().Value), cancellationToken);
    }

    /// <summary>
    /// A partitioned run copies a share of each FULL_TABLE stream; any other stream would be read whole by every share
    /// (each would emit the same changes), and a keyless table has no range to split: both are refused up front.
    /// </summary>
    private static void CheckPartitionable(List<StreamPlan> plans)
    {
        if (plans.FirstOrDefault(p => p.Method != "FULL_TABLE") is { } other)
        {
            throw new ConfigurationException($"config key '{TablePartition.SettingKey}': stream '{other.TapStreamId}' is {other.Method}; only FULL_TABLE streams can be copied in shares (run the others without partition)");
        }
        if (plans.FirstOrDefault(p => p.Keys.Count == 0) is { } keyless)
        {
            throw new ConfigurationException($"config key '{TablePartition.SettingKey}': stream '{keyless.TapStreamId}' has no primary key (key-properties) to split it by");
        }
    }

    private static string DatabaseOf(CatalogEntry entry) =>
        entry.Metadata.GetStream("database-name") as string
        ?? entry.DatabaseName
        ?? throw new ConfigurationException($"catalog stream '{entry.TapStreamId}' has no database-name metadata");

    /// <summary>An interrupted run resumes with the stream it was copying, then the rest in catalog order.</summary>
    private static List<CatalogEntry> OrderForResume(List<CatalogEntry> streams, string? currentlySyncing)
    {
        var current = streams.FindIndex(s => s.TapStreamId == currentlySyncing);
        if (current <= 0)
        {
            return streams;
        }
        var first = streams[current];
        streams.RemoveAt(current);
        streams.Insert(0, first);
        return streams;
    }
}
