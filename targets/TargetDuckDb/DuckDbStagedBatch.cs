using DuckDB.NET.Data;
using Warehouse;

namespace TargetDuckDb;

/// <summary>
/// One batch of one stream: a temporary staging table filled through DuckDB's Appender as records arrive,
/// merged into the table in one transaction at commit.
/// </summary>
internal sealed class DuckDbStagedBatch : StagedBatch
{
    private readonly DuckDbDialect _dialect;
    private readonly StageLayout _layout;
    private readonly string _stageName;
    private readonly string _target;
    private readonly bool _hardDelete;
    private readonly bool[] _asDouble;
    private DuckDBAppender? _appender;

    private DuckDbStagedBatch(DuckDbDialect dialect, StageLayout layout, string stageName, string target, bool hardDelete)
    {
        _dialect = dialect;
        _layout = layout;
        _stageName = stageName;
        _target = target;
        _hardDelete = hardDelete;
        _asDouble = layout.StageTypes.Select(t => dialect.TypeName(t) == "DOUBLE").ToArray();
    }

    public static async Task<DuckDbStagedBatch> BeginAsync(DuckDbDialect dialect, DuckDBConnection connection, string schema, string table, TableShape shape, bool hardDelete, CancellationToken ct)
    {
        var layout = new StageLayout(shape, dialect.StageType);
        var stageName = Naming.Identifier("_sdc_stage_" + table);
        var columns = string.Join(", ", layout.Columns().Select(c => $"{dialect.Quote(c.Name)} {dialect.TypeName(c.Type)}"));
        await dialect.ExecuteAsync($"CREATE OR REPLACE TEMP TABLE {dialect.Quote(stageName)} ({columns})", ct);
        return new DuckDbStagedBatch(dialect, layout, stageName, dialect.QualifiedName(schema, table), hardDelete)
        {
            _appender = connection.CreateAppender("temp", "main", stageName),
        };
    }

    public override ValueTask WriteAsync(object?[] row, CancellationToken cancellationToken)
    {
        var appended = _appender!.CreateRow();
        var columns = _layout.Shape.Columns;
        for (var i = 0; i < columns.Count; i++)
        {
            var twin = StageLayout.HasTextTwin(columns[i]);
            if (twin && row[i] is string wide)
            {
                appended = appended.AppendNullValue().AppendValue(wide);
                continue;
            }
            appended = Append(appended, _asDouble[i] && row[i] is decimal d ? (double)d : row[i]);
            if (twin)
            {
                appended = appended.AppendNullValue();
            }
        }
        Append(appended, row[^1]).EndRow();
        return ValueTask.CompletedTask;
    }

    private static IDuckDBAppenderRow Append(IDuckDBAppenderRow row, object? value) => value switch
    {
        null => row.AppendNullValue(),
        long l => row.AppendValue(l),
        string s => row.AppendValue(s),
        bool b => row.AppendValue(b),
        double d => row.AppendValue(d),
        decimal m => row.AppendValue(m),
        DateTime t => row.AppendValue(t),
        DateOnly d => row.AppendValue(d),
        TimeOnly t => row.AppendValue(t),
        _ => throw new InvalidOperationException($"no appender for {value.GetType().Name}"),
    };

    public override async Task CommitAsync(CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        CloseAppender();
        Singer.Sdk.Log.Debug($"{_target}: appender closed in {clock.ElapsedMilliseconds} ms");
        var stage = _dialect.Quote(_stageName);
        await _dialect.ExecuteAsync("BEGIN TRANSACTION", cancellationToken);
        try
        {
            await ExecuteMergeAsync(_layout.MergeSql(_dialect, _target, stage, _hardDelete, KeysMayRepeat), _dialect.ExecuteAsync, _target, cancellationToken);
            await _dialect.ExecuteAsync("COMMIT", cancellationToken);
        }
        catch
        {
            await _dialect.ExecuteAsync("ROLLBACK", CancellationToken.None);
            throw;
        }
        await _dialect.ExecuteAsync($"DROP TABLE IF EXISTS {stage}", cancellationToken);
    }

    private void CloseAppender()
    {
        _appender?.Close();
        _appender?.Dispose();
        _appender = null;
    }

    public override ValueTask DisposeAsync()
    {
        CloseAppender();
        return ValueTask.CompletedTask;
    }
}
