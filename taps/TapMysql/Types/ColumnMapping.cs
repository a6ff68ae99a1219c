namespace TapMysql.Types;

/// <summary>A column's JSON Schema and how its values are encoded.</summary>
internal sealed record ColumnMapping(ColumnKind Kind, Dictionary<string, object?> Schema)
{
    public bool IsSupported => Kind != ColumnKind.Unsupported;

    /// <summary>Kinds whose order is meaningful for `WHERE key >= bookmark` (valid replication keys).</summary>
    public bool IsOrderable => Kind is ColumnKind.SignedInteger or ColumnKind.UnsignedBigInt or ColumnKind.Decimal
        or ColumnKind.Date or ColumnKind.DateTime or ColumnKind.Year;
}
