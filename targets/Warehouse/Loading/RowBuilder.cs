using Singer.Sdk;

namespace Warehouse;

/// <summary>
/// Turns a record into a row in column order, filling the _sdc_ columns. (Repeated keys in a batch are
/// resolved by the merge, which keeps the last record of each key.)
/// </summary>
public static class RowBuilder
{
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
}
