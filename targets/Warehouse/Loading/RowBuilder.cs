using Singer.Sdk;

namespace Warehouse;

/// <summary>
/// Turns a batch of records into rows in column order, filling the _sdc_ columns, and keeps only the last
/// record of each key: a batch that holds a key twice loads as if the records had come one batch apart.
/// </summary>
public static class RowBuilder
{
    public static List<object?[]> Build(IReadOnlyList<RecordMessage> records, TableShape shape, string stream, DateTime batchedAt)
    {
        var keyIndexes = shape.Keys.Select(k => IndexOf(shape, k)).ToArray();
        var rows = new List<object?[]>(records.Count);
        var byKey = keyIndexes.Length == 0 ? null : new Dictionary<object, int>();
        foreach (var record in records)
        {
            var row = BuildRow(record, shape, stream, batchedAt);
            if (byKey is null)
            {
                rows.Add(row);
                continue;
            }
            var key = KeyOf(row, keyIndexes);
            if (byKey.TryGetValue(key, out var earlier))
            {
                rows[earlier] = null!;
            }
            byKey[key] = rows.Count;
            rows.Add(row);
        }
        return byKey is null ? rows : rows.Where(r => r is not null).ToList();
    }

    /// <summary>The key of a row as a dictionary key: the value itself for one key column, joined text for several.</summary>
    private static object KeyOf(object?[] row, int[] keyIndexes) => keyIndexes.Length == 1
        ? row[keyIndexes[0]] ?? DBNull.Value
        : string.Join('\u001f', keyIndexes.Select(i => Convert.ToString(row[i], System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>One record as a row in column order; with a sequence number, one more cell at the end for it.</summary>
    public static object?[] BuildRow(RecordMessage record, TableShape shape, string stream, DateTime batchedAt, long? sequence = null)
    {
        var row = new object?[shape.Columns.Count + (sequence is null ? 0 : 1)];
        if (sequence is { } n)
        {
            row[^1] = n;
        }
        for (var i = 0; i < shape.Columns.Count; i++)
        {
            var column = shape.Columns[i];

            row[i] = column.Metadata switch
            {
                MetadataColumn.ExtractedAt => record.TimeExtracted is { } at ? ValueCoercer.Coerce(at, column.Type, stream, column.Name) : null,
                MetadataColumn.BatchedAt => batchedAt,
                MetadataColumn.TableVersion => record.Version,
                MetadataColumn.DeletedAt when column.Property is null => record.Record.GetValueOrDefault("_sdc_deleted_at") is { } d ? ValueCoercer.Coerce(d, column.Type, stream, column.Name) : null,
                _ => ValueCoercer.Coerce(record.Record.GetValueOrDefault(column.Property!), column.Type, stream, column.Property!),
            };
        }
        return row;
    }

    private static int IndexOf(TableShape shape, string column)
    {
        for (var i = 0; i < shape.Columns.Count; i++)
        {
            if (shape.Columns[i].Name == column)
            {
                return i;
            }
        }
        throw new SingerException($"key column '{column}' is not among the table's columns");
    }
}
