namespace Warehouse;

/// <summary>The column kinds every warehouse dialect can store; a dialect names them (BIGINT, NUMERIC, SUPER, ...).</summary>
public enum SqlKind
{
    BigInt,
    Numeric,
    Double,
    Boolean,
    Text,
    Date,
    Time,
    Timestamp,
    Json,
}

/// <summary>A column type: its kind, and for NUMERIC the scale when the schema declares one (multipleOf 10^-s).</summary>
public sealed record SqlType(SqlKind Kind, int? Scale = null)
{
    public static readonly SqlType BigInt = new(SqlKind.BigInt);
    public static readonly SqlType Text = new(SqlKind.Text);
    public static readonly SqlType Timestamp = new(SqlKind.Timestamp);
    public static readonly SqlType Json = new(SqlKind.Json);

    /// <summary>
    /// The type a column must have to hold values of both types: the wider one when one contains the other
    /// (BIGINT in NUMERIC, DATE in TIMESTAMP), else TEXT.
    /// </summary>
    public static SqlType Widen(SqlType existing, SqlType incoming)
    {
        if (existing == incoming || existing.Kind == SqlKind.Text)
        {
            return existing;
        }
        if (existing.Kind == incoming.Kind)
        {
            return existing.Kind == SqlKind.Numeric ? new SqlType(SqlKind.Numeric, Max(existing.Scale, incoming.Scale)) : existing;
        }
        return (existing.Kind, incoming.Kind) switch
        {
            // A NUMERIC without a scale stays so: the type the table would have been created with (DOUBLE in
            // DuckDB). Scale 0 here made DuckDB's DECIMAL(38,0) round every fraction loaded afterwards.
            (SqlKind.BigInt, SqlKind.Numeric) => incoming,
            (SqlKind.Numeric, SqlKind.BigInt) => existing,
            (SqlKind.Date, SqlKind.Timestamp) => incoming,
            (SqlKind.Timestamp, SqlKind.Date) => existing,
            _ => Text,
        };
    }

    private static int? Max(int? a, int? b) => a is null || b is null ? null : Math.Max(a.Value, b.Value);
}
