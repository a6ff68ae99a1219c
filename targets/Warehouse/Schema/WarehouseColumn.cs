namespace Warehouse;

/// <summary>One column of a target table: its identifier, the record property it comes from, its type.</summary>
public sealed record WarehouseColumn(string Name, string? Property, SqlType Type, MetadataColumn Metadata = MetadataColumn.None);

/// <summary>The _sdc_* columns the target fills itself.</summary>
public enum MetadataColumn
{
    None,
    ExtractedAt,
    BatchedAt,
    DeletedAt,
    TableVersion,
}
