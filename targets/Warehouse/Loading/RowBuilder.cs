using Singer.Sdk;

namespace Warehouse;

/// <summary>
/// Turns a record into a row in column order, filling the _sdc_ columns. (Repeated keys in a batch are
/// resolved by the merge, which keeps the last record of each key.)
/// </summary>
public static class RowBuilder
{
    /// <summary>
    /// For records given as values (<see cref="RecordMessage.Values"/>): per column of the shape, the place of its
    /// property in the values (-1 when the stream does not have it), worked out once per list of names.
    /// </summary>
    public sealed class ValueMap(TableShape shape)
    {
        private IReadOnlyList<string>? _names;
        private int[] _places = [];
        private int _deletedAt = -1;

        internal (int[] Places, int DeletedAt) For(IReadOnlyList<string> names)
        {
            if (!ReferenceEquals(names, _names))
            {
                var index = names.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
                _places = shape.Columns.Select(c => c.Property is { } p && index.TryGetValue(p, out var i) ? i : -1).ToArray();
                _deletedAt = index.GetValueOrDefault(RecordDeletedAt, -1);
                _names = names;
            }
            return (_places, _deletedAt);
        }
    }

    private const string RecordDeletedAt = "_sdc_deleted_at";

    /// <summary>One record as a row in column order; with a sequence number, one more cell at the end for it.</summary>
    public static object?[] BuildRow(RecordMessage record, TableShape shape, string stream, DateTime batchedAt, long? sequence = null, ValueMap? valueMap = null)
    {
        var values = record.Values;
        var (places, deletedAt) = values is null ? ([], -1) : (valueMap ?? new ValueMap(shape)).For(record.ValueNames!);
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
                MetadataColumn.DeletedAt when column.Property is null =>
                    (values is null ? record.Record.GetValueOrDefault(RecordDeletedAt) : deletedAt >= 0 ? values[deletedAt] : null) is { } d
                        ? ValueCoercer.Coerce(d, column.Type, stream, column.Name)
                        : null,
                _ => ValueCoercer.Coerce(
                    values is null ? record.Record.GetValueOrDefault(column.Property!) : places[i] >= 0 ? values[places[i]] : null,
                    column.Type,
                    stream,
                    column.Property!),
            };
        }
        return row;
    }
}
