using System.Diagnostics;
using System.Text.Json.Nodes;
using Xunit;

namespace SingerNet.Tests.Warehouse;

/// <summary>
/// The warehouse one test loads into, and how to look at it afterwards: a schema of its own on the
/// PostgreSQL of scripts/services.sh, or a DuckDB file of its own. Queries go straight to the database,
/// never through the target, so a test sees what a user of the warehouse would see.
/// </summary>
public abstract class WarehouseDatabase : IAsyncLifetime
{
    private int _configs;

    /// <summary>A temporary directory for configs (and the DuckDB file), deleted afterwards.</summary>
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "singernet-warehouse-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>The executable under test: target-postgres, target-duckdb.</summary>
    public abstract string Target { get; }

    /// <summary>The schema streams load into when nothing maps them elsewhere.</summary>
    public abstract string Schema { get; }

    /// <summary>A fresh schema name that is dropped with this database.</summary>
    public abstract string NewSchemaName(string prefix);

    /// <summary>The config keys that reach this database (connection, path, default_target_schema).</summary>
    protected abstract JsonObject ConnectionConfig();

    /// <summary>SQL giving <paramref name="expression"/> as text.</summary>
    public abstract string Text(string expression);

    /// <summary>Runs a query; values as the client library returns them, DBNull as null.</summary>
    public abstract Task<List<object?[]>> QueryAsync(string sql);

    /// <summary>Every row of a reader as an array, DBNull as null (what <see cref="QueryAsync"/> returns).</summary>
    protected static async Task<List<object?[]>> ReadRowsAsync(System.Data.Common.DbDataReader reader)
    {
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = await reader.IsDBNullAsync(i) ? null : reader.GetValue(i);
            }
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>information_schema.columns data_type of every column, in column order.</summary>
    public abstract Task<Dictionary<string, string>> ColumnTypesAsync(string table, string? schema = null);

    // How each column kind reads back from information_schema in this database.
    public abstract string BigIntType { get; }

    public abstract string TextType { get; }

    public abstract string TimestampType { get; }

    /// <summary>The column type of an integer too wide for BIGINT, or of a number with multipleOf 10^-scale.</summary>
    public abstract string DecimalType(int scale);

    public virtual Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        return Task.CompletedTask;
    }

    public virtual Task DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>Writes a config for this database; <paramref name="extra"/> keys are added or override.</summary>
    public string WriteConfig(JsonObject? extra = null)
    {
        var config = ConnectionConfig();
        foreach (var (key, value) in extra ?? [])
        {
            config[key] = value?.DeepClone();
        }
        var path = Path.Combine(Directory, $"config-{Interlocked.Increment(ref _configs)}.json");
        File.WriteAllText(path, config.ToJsonString());
        return path;
    }

    /// <summary>Runs the target on <paramref name="stream"/> as a user would: a process, the stream on stdin.</summary>
    public Task<ProcessResult> LoadAsync(SingerStream stream, JsonObject? config = null) => LoadAsync(stream.ToString(), config);

    public Task<ProcessResult> LoadAsync(string stream, JsonObject? config = null) =>
        Executable.RunAsync(Target, ["--config", WriteConfig(config)], stdin: stream);

    /// <summary>Starts the target with stdin and stdout redirected, for tests that feed it slowly or kill it.</summary>
    public Process Start(JsonObject? config = null)
    {
        var start = Executable.StartInfo(Target);
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(WriteConfig(config));
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        return Process.Start(start) ?? throw new InvalidOperationException($"could not start {Target}");
    }

    public string Qualified(string table, string? schema = null) => $"\"{schema ?? Schema}\".\"{table}\"";

    /// <summary>The rows of a table, every column as text, ordered by <paramref name="orderBy"/>.</summary>
    public async Task<List<string?[]>> RowsAsync(string table, string orderBy, params string[] columns) =>
        await TextRowsAsync($"SELECT {string.Join(", ", columns.Select(c => Text($"\"{c}\"")))} FROM {Qualified(table)} ORDER BY {orderBy}");

    /// <summary>Runs a query whose columns are text.</summary>
    public async Task<List<string?[]>> TextRowsAsync(string sql) =>
        (await QueryAsync(sql)).Select(r => r.Select(v => (string?)v).ToArray()).ToList();

    /// <summary>One column of one row, as text (null when SQL NULL).</summary>
    public async Task<string?> ValueAsync(string table, string column, string where, string? schema = null) =>
        (string?)(await QueryAsync($"SELECT {Text($"\"{column}\"")} FROM {Qualified(table, schema)} WHERE {where}")).Single()[0];

    public async Task<long> CountAsync(string table, string? schema = null) =>
        Convert.ToInt64((await QueryAsync($"SELECT COUNT(*) FROM {Qualified(table, schema)}")).Single()[0], System.Globalization.CultureInfo.InvariantCulture);
}
