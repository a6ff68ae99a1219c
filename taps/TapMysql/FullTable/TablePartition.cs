using System.Globalization;
using System.Numerics;
using MySqlConnector;
using Singer.Sdk;
using TapMysql.Sync;
using TapMysql.Types;

namespace TapMysql.FullTable;

/// <summary>
/// The <c>partition</c> setting: this run is share <c>index</c> of <c>count</c> processes copying the same FULL_TABLE
/// streams, each taking a range of the first key column, so N machines copy one huge table at once into one target
/// table. The ranges are <c>(B[i], B[i+1]]</c> over boundaries computed from the table when the share starts: for an
/// integer column, an even split of MIN..MAX; for any other type, the values at every count-th of the rows in key
/// order. The first share has no lower end and the last no upper end, so rows beyond the ends at the time are
/// still copied. The boundaries are kept in the share's bookmark until its copy completes, so a resumed share
/// copies exactly its own range again. A partitioned copy sends no ACTIVATE_VERSION: each share would otherwise
/// delete the other shares' rows at the target.
/// </summary>
internal sealed class TablePartition
{
    public const string SettingKey = "partition";
    public const string BookmarkKey = "partition";
    private const string IndexVariable = "JOB_COMPLETION_INDEX";
    private const string CountVariable = "JOB_COMPLETION_COUNT";
    private const int MaxCount = 10_000;

    private TablePartition(int count, int index)
    {
        Count = count;
        Index = index;
    }

    public int Count { get; }

    public int Index { get; }

    /// <summary>
    /// The setting as configured, or null when absent. <c>count</c> and <c>index</c> missing from it are read from a
    /// Kubernetes Indexed Job's <c>JOB_COMPLETION_COUNT</c> and <c>JOB_COMPLETION_INDEX</c>.
    /// </summary>
    public static TablePartition? FromConfig(PluginConfig config)
    {
        if (!config.Has(SettingKey))
        {
            return null;
        }
        var setting = config.GetObject(SettingKey) ?? [];
        foreach (var key in setting.Keys.Where(k => k is not ("count" or "index")))
        {
            throw new ConfigurationException($"config key '{SettingKey}' has an unknown key '{key}' (allowed: count, index)");
        }
        var count = Number(setting, "count", CountVariable);
        var index = Number(setting, "index", IndexVariable);
        if (count < 1 || count > MaxCount)
        {
            throw new ConfigurationException($"config key '{SettingKey}': count must be between 1 and {MaxCount}, got {count}");
        }
        if (index < 0 || index >= count)
        {
            throw new ConfigurationException($"config key '{SettingKey}': index must be between 0 and count - 1 ({count - 1}), got {index}");
        }
        return new TablePartition((int)count, (int)index);
    }

    private static long Number(Dictionary<string, object?> setting, string key, string variable)
    {
        var value = setting.GetValueOrDefault(key) ?? Environment.GetEnvironmentVariable(variable);
        return value switch
        {
            long number => number,
            string text when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) => number,
            null => throw new ConfigurationException($"config key '{SettingKey}' has no {key}, and {variable} is not set"),
            _ => throw new ConfigurationException($"config key '{SettingKey}': {key} must be an integer, got {SingerJson.Serialize(value)}"),
        };
    }

    public string Label => $"share {Index} of {Count}";

    /// <summary>
    /// This share's range of the first key column: from the bookmark of an unfinished copy, else computed from the
    /// table now and put in the bookmark.
    /// </summary>
    public async Task<KeyShare> RangeAsync(MySqlConnection connection, StreamPlan plan, SingerState state, CancellationToken ct)
    {
        var id = plan.TapStreamId;
        if (state.GetBookmark(id, BookmarkKey) is Dictionary<string, object?> kept
            && kept.GetValueOrDefault("count") is long keptCount && keptCount == Count
            && kept.GetValueOrDefault("index") is long keptIndex && keptIndex == Index)
        {
            return new KeyShare(plan.Keys[0], kept.GetValueOrDefault("after"), kept.GetValueOrDefault("up_to"), kept.GetValueOrDefault("empty") is true);
        }
        if (state.GetBookmark(id, "max_pk_values") is not null)
        {
            // An unfinished copy of another share or of the whole table: its bookmarks do not belong to this range.
            Log.Warning($"stream '{id}': the state holds an unfinished copy that is not {Label}; this share starts its range from the beginning");
            state.ClearBookmark(id, "max_pk_values");
            state.ClearBookmark(id, "last_pk_fetched");
        }
        var boundaries = await BoundariesAsync(connection, plan, ct);
        // Share i is (B[i], B[i+1]]; a missing B is below every row (so that end of the range is open, or the range is empty).
        var after = Index == 0 ? null : boundaries[Index - 1];
        var upTo = Index == Count - 1 ? null : boundaries[Index];
        var empty = Index < Count - 1 && upTo is null;
        var share = new KeyShare(plan.Keys[0], after, upTo, empty);
        var bookmark = new Dictionary<string, object?> { ["count"] = (long)Count, ["index"] = (long)Index };
        if (after is not null)
        {
            bookmark["after"] = after;
        }
        if (upTo is not null)
        {
            bookmark["up_to"] = upTo;
        }
        if (empty)
        {
            bookmark["empty"] = true;
        }
        state.SetBookmark(id, BookmarkKey, bookmark);
        Log.Info($"stream '{id}': {Label}, {share.Describe()}");
        return share;
    }

    /// <summary>B[1] .. B[count-1] as bookmark values; null where the boundary falls below the first row.</summary>
    private async Task<object?[]> BoundariesAsync(MySqlConnection connection, StreamPlan plan, CancellationToken ct)
    {
        var key = plan.Keys[0];
        var boundaries = new object?[Count - 1];
        if (Count == 1)
        {
            return boundaries;
        }
        var column = Sql.Quote(key.Name);
        if (key.Kind is ColumnKind.SignedInteger or ColumnKind.UnsignedBigInt)
        {
            await using var range = new MySqlCommand($"SELECT CAST(MIN({column}) AS CHAR), CAST(MAX({column}) AS CHAR) FROM {plan.QualifiedTable}", connection);
            await using var reader = await range.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            if (await reader.IsDBNullAsync(0, ct))
            {
                return boundaries;
            }
            var min = BigInteger.Parse(reader.GetString(0), CultureInfo.InvariantCulture);
            var max = BigInteger.Parse(reader.GetString(1), CultureInfo.InvariantCulture);
            var width = max - min + 1;
            for (var k = 1; k < Count; k++)
            {
                var boundary = min - 1 + width * k / Count;
                boundaries[k - 1] = boundary < min ? null : boundary >= long.MinValue && boundary <= long.MaxValue ? (long)boundary : boundary;
            }
            return boundaries;
        }
        long rows;
        await using (var counting = new MySqlCommand($"SELECT COUNT(*) FROM {plan.QualifiedTable}", connection))
        {
            rows = Convert.ToInt64(await counting.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        }
        for (var k = 1; k < Count; k++)
        {
            // The last row of share k-1 in key order; none when share k-1 and those before it are empty.
            var last = rows * k / Count - 1;
            if (last < 0)
            {
                continue;
            }
            await using var at = new MySqlCommand(
                $"SELECT {key.SelectExpression} FROM {plan.QualifiedTable} ORDER BY {column} LIMIT 1 OFFSET {last.ToString(CultureInfo.InvariantCulture)}", connection);
            await using var reader = await at.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                boundaries[k - 1] = Bookmarks.Read(reader, 0, key);
            }
        }
        return boundaries;
    }
}

/// <summary>One share's range of the first key column: <c>after &lt; key &lt;= up_to</c>, either end open when null.</summary>
internal sealed record KeyShare(SyncColumn Column, object? After, object? UpTo, bool Empty)
{
    /// <summary>The range as SQL conditions on the command's parameters.</summary>
    public IEnumerable<string> Conditions(MySqlCommand command, string stream)
    {
        var column = Sql.Quote(Column.Name);
        if (After is not null)
        {
            command.Parameters.AddWithValue("@share_after", Parameter(After, stream));
            yield return $"{column} > {Column.ParameterExpression("@share_after")}";
        }
        if (UpTo is not null)
        {
            command.Parameters.AddWithValue("@share_up_to", Parameter(UpTo, stream));
            yield return $"{column} <= {Column.ParameterExpression("@share_up_to")}";
        }
    }

    /// <summary>Integers (unsigned BIGINT ones too) are compared as decimals, which hold every value either type can.</summary>
    private object Parameter(object value, string stream) => Column.Kind is ColumnKind.SignedInteger or ColumnKind.UnsignedBigInt
        ? decimal.Parse(SingerJson.Serialize(value), NumberStyles.Integer, CultureInfo.InvariantCulture)
        : BookmarkParameter.ToParameter(Column, value, stream);

    public string Describe() => Empty
        ? $"no rows (the table has fewer key values than shares)"
        : $"rows with {Column.Name} {(After is null ? "" : $"> {SingerJson.Serialize(After)}")}{(After is not null && UpTo is not null ? " and " : "")}{(UpTo is null ? (After is null ? "of any value" : "") : $"<= {SingerJson.Serialize(UpTo)}")}";
}
