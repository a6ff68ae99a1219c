namespace Warehouse;

/// <summary>One column of a target table: its identifier, the record property it comes from, its type.</summary>
public sealed record WarehouseColumn(string Name, string? Property, SqlType Type, MetadataColumn Metadata = MetadataColumn.None)
{
    /// <summary>The type the stream's schema maps to; <see cref="Type"/> differs when the table already had a wider one.</summary>
    public SqlType StreamType { get; init; } = Type;
}

/// <summary>The _sdc_* columns the target fills itself.</summary>
public enum MetadataColumn
{
    None,
    ExtractedAt,
    BatchedAt,
    DeletedAt,
    TableVersion,
}
