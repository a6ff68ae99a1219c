namespace TapMysql.Types;

/// <summary>How a column's values are read from MySQL and written as JSON.</summary>
internal enum ColumnKind
{
    Unsupported,
    Boolean,
    SignedInteger,
    UnsignedBigInt,
    Decimal,
    Float,
    Double,
    Bit,
    Date,
    DateTime,
    Time,
    Year,
    String,
    Binary,
    Json,
}
