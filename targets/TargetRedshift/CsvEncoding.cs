using System.Globalization;
using System.Numerics;
using Singer.Sdk;
using Warehouse;

namespace TargetRedshift;

/// <summary>
/// One staged row as a CSV line that Redshift's <c>COPY ... CSV</c> and PostgreSQL's <c>COPY ... (FORMAT CSV)</c>
/// read back to the same values: RFC 4180 quoting (fields with a quote double it), no header, LF line ends.
/// NULL is an empty unquoted field; text and JSON are always quoted, so an empty string is <c>""</c>.
/// Numbers are written in plain notation, exactly as coerced; timestamps in UTC ISO 8601 with microseconds.
/// </summary>
internal static class CsvEncoding
{
    private static readonly WarehouseColumn Sequence = new(StageLayout.Sequence, null, SqlType.BigInt);

    /// <summary>Writes the row's cells in order: one per column, then a trailing sequence number when the row has one.</summary>
    public static void WriteRow(TextWriter writer, object?[] row, IReadOnlyList<WarehouseColumn> columns, string table)
    {
        for (var i = 0; i < row.Length; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }
            WriteField(writer, row[i], i < columns.Count ? columns[i] : Sequence, table);
        }
        writer.Write('\n');
    }

    public static void WriteField(TextWriter writer, object? value, WarehouseColumn column, string table)
    {
        Span<char> buffer = stackalloc char[64];
        switch (value)
        {
            case null:
                return;
            case string text when column.Type.Kind is SqlKind.Text or SqlKind.Json || NeedsQuotes(text):
                WriteQuoted(writer, text, column, table);
                return;
            case string text:
                writer.Write(text); // exact NUMERIC text: digits, sign and point only
                return;
            case bool b:
                writer.Write(b ? "true" : "false");
                return;
            case DateTime at:
                WriteFormatted(writer, buffer, at.Kind == DateTimeKind.Local ? at.ToUniversalTime() : at, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'");
                return;
            case DateTimeOffset at:
                WriteFormatted(writer, buffer, at.UtcDateTime, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'");
                return;
            case DateOnly date:
                WriteFormatted(writer, buffer, date, "yyyy-MM-dd");
                return;
            case TimeOnly time:
                WriteFormatted(writer, buffer, time, "HH:mm:ss.ffffff");
                return;
            case double d:
                WriteFormatted(writer, buffer, d, "R");
                return;
            case float f:
                WriteFormatted(writer, buffer, f, "R");
                return;
            case BigInteger big:
                writer.Write(big.ToString(CultureInfo.InvariantCulture));
                return;
            case ISpanFormattable number:
                WriteFormatted(writer, buffer, number, null);
                return;
            default:
                WriteQuoted(writer, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "", column, table);
                return;
        }
    }

    private static void WriteFormatted<T>(TextWriter writer, Span<char> buffer, T value, string? format)
        where T : ISpanFormattable
    {
        if (value.TryFormat(buffer, out var written, format, CultureInfo.InvariantCulture))
        {
            writer.Write(buffer[..written]);
        }
        else
        {
            writer.Write(value.ToString(format, CultureInfo.InvariantCulture));
        }
    }

    private static bool NeedsQuotes(string text) => text.Length == 0 || text.AsSpan().IndexOfAny("\",\r\n") >= 0;

    private static void WriteQuoted(TextWriter writer, string text, WarehouseColumn column, string table)
    {
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            // Redshift's COPY ends the record at a NUL and would load the rest of the line as other columns' values.
            // The target driver adds the record's line and stream.
            throw new ProtocolException(0, $"table '{table}': a value contains a NUL character (U+0000), which Redshift cannot load; remove it at the source or with a stream map",
                field: column.Name);
        }
        writer.Write('"');
        var rest = text.AsSpan();
        for (var quote = rest.IndexOf('"'); quote >= 0; quote = rest.IndexOf('"'))
        {
            writer.Write(rest[..(quote + 1)]);
            writer.Write('"');
            rest = rest[(quote + 1)..];
        }
        writer.Write(rest);
        writer.Write('"');
    }
}
