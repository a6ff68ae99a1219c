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

    /// <summary>A JSON column whose documents are written as their text (a JSON string), for targets that expect text.</summary>
    JsonText,
}
