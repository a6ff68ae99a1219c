using System.Text.Json;
using TapMysql.Discovery;
using TapMysql.Types;

namespace TapMysql.Sync;

/// <summary>A selected column with everything the copy loop needs precomputed.</summary>
internal sealed class SyncColumn
{
    public SyncColumn(ColumnInfo info, ColumnMapping mapping)
    {
        Info = info;
        Mapping = mapping;
        EncodedName = Singer.Sdk.SingerWriter.Encode(info.Name);
        SelectExpression = SelectFor(mapping.Kind, Sql.Quote(info.Name), info.IsUtf8Text);
    }

    public ColumnInfo Info { get; }

    public ColumnMapping Mapping { get; }

    public string Name => Info.Name;

    public ColumnKind Kind => Mapping.Kind;

    public JsonEncodedText EncodedName { get; }

    public string SelectExpression { get; }

    /// <summary>
    /// Text-like values are selected as raw bytes (a binary cast), so the copy loop reads the server's own
    /// text straight from the row buffer and writes it as JSON without decoding, parsing or reformatting it:
    /// DECIMAL exact at any precision, datetimes with their microseconds, strings as UTF-8 (converted on the
    /// server only when the column's character set is not UTF-8 already: the conversion is the costly part).
    /// Integers and floats are cheaper to parse here than to cast there. Values are read by position, so the expressions get no
    /// alias: an alias named like the column would make ORDER BY sort the binary text instead of the column.
    /// </summary>
    private static string SelectFor(ColumnKind kind, string quoted, bool utf8) => kind switch
    {
        // The server writes a FLOAT as text with 6 significant digits (16777216 as 16777200); widened to
        // DOUBLE it is written exactly, and narrowing that double back to float here is exact too.
        ColumnKind.Float => $"CAST({quoted} AS DOUBLE)",
        ColumnKind.Decimal or ColumnKind.Date or ColumnKind.DateTime => $"CAST({quoted} AS BINARY)",
        ColumnKind.String or ColumnKind.Json or ColumnKind.JsonText when utf8 => $"CAST({quoted} AS BINARY)",
        ColumnKind.String or ColumnKind.Json or ColumnKind.JsonText => $"CAST(CONVERT({quoted} USING utf8mb4) AS BINARY)",
        _ => quoted,
    };

    /// <summary>A bookmark value compared in SQL: decimals are cast so MySQL does not compare them as doubles.</summary>
    public string ParameterExpression(string parameter) =>
        Kind == ColumnKind.Decimal ? $"CAST({parameter} AS DECIMAL(65,30))" : parameter;
}
