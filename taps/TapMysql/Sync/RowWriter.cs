using System.Text.Json;
using MySqlConnector;
using Singer.Sdk;
using TapMysql.Types;

namespace TapMysql.Sync;

/// <summary>
/// Writes the current row of a reader as the fields of a RECORD, straight into the JSON writer: no
/// dictionary and no boxing for the common types. Zero dates become null with one warning per column.
/// </summary>
internal sealed class RowWriter
{
    private readonly IReadOnlyList<SyncColumn> _columns;
    private readonly string _stream;
    private readonly HashSet<string> _warned = new(StringComparer.Ordinal);
    private byte[] _scratch = new byte[4096];

    public RowWriter(string stream, IReadOnlyList<SyncColumn> columns)
    {
        _stream = stream;
        _columns = columns;
    }

    public void Write(Utf8JsonWriter json, MySqlDataReader reader)
    {
        for (var i = 0; i < _columns.Count; i++)
        {
            var column = _columns[i];
            json.WritePropertyName(column.EncodedName);
            if (reader.IsDBNull(i))
            {
                json.WriteNullValue();
                continue;
            }
            WriteValue(json, reader, i, column);
        }
    }

    private void WriteValue(Utf8JsonWriter json, MySqlDataReader reader, int i, SyncColumn column)
    {
        switch (column.Kind)
        {
            case ColumnKind.SignedInteger or ColumnKind.UnsignedBigInt or ColumnKind.Decimal:
                json.WriteRawValue(Bytes(reader, i), skipInputValidation: true);
                break;
            case ColumnKind.String: json.WriteStringValue(Bytes(reader, i)); break;
            case ColumnKind.DateTime: WriteTemporal(json, Bytes(reader, i), column, dateOnly: false); break;
            case ColumnKind.Date: WriteTemporal(json, Bytes(reader, i), column, dateOnly: true); break;
            case ColumnKind.Double or ColumnKind.Float: json.WriteRawValue(Bytes(reader, i)); break;
            case ColumnKind.Boolean: json.WriteBooleanValue(IsTrue(reader.GetValue(i))); break;
            case ColumnKind.Bit: json.WriteNumberValue(reader.GetUInt64(i)); break;
            case ColumnKind.Year: json.WriteNumberValue(Convert.ToInt64(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)); break;
            case ColumnKind.Time: json.WriteStringValue(ValueText.Time(reader.GetTimeSpan(i))); break;
            case ColumnKind.Binary: json.WriteBase64StringValue(reader.GetFieldValue<byte[]>(i)); break;
            case ColumnKind.Json: WriteJson(json, Bytes(reader, i), column); break;
            default: throw new InvalidOperationException($"column '{column.Name}' has no reader");
        }
    }

    /// <summary>The JSON value of a key column of the current row, encoded as in the record (for bookmarks).</summary>
    public static object? BookmarkValue(MySqlDataReader reader, int i, SyncColumn column)
    {
        if (reader.IsDBNull(i))
        {
            return null;
        }
        return column.Kind switch
        {
            ColumnKind.SignedInteger or ColumnKind.UnsignedBigInt or ColumnKind.Decimal => SingerJson.Parse(Text(reader, i)),
            ColumnKind.Year => Convert.ToInt64(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture),
            ColumnKind.DateTime => FormatTemporal(Text(reader, i), dateOnly: false),
            ColumnKind.Date => FormatTemporal(Text(reader, i), dateOnly: true),
            ColumnKind.String or ColumnKind.Json => Text(reader, i),
            _ => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The raw bytes of a binary-cast column (see <see cref="SyncColumn"/>), copied once into a reused buffer.</summary>
    private ReadOnlySpan<byte> Bytes(MySqlDataReader reader, int i)
    {
        var length = (int)reader.GetBytes(i, 0, null, 0, 0);
        if (length > _scratch.Length)
        {
            _scratch = new byte[Math.Max(length, _scratch.Length * 2)];
        }
        reader.GetBytes(i, 0, _scratch, 0, length);
        return _scratch.AsSpan(0, length);
    }

    private static string Text(MySqlDataReader reader, int i)
    {
        var length = (int)reader.GetBytes(i, 0, null, 0, 0);
        var bytes = new byte[length];
        reader.GetBytes(i, 0, bytes, 0, length);
        return System.Text.Encoding.UTF8.GetString(bytes);
    }

    private static string? FormatTemporal(string text, bool dateOnly)
    {
        Span<byte> output = stackalloc byte[TemporalText.MaxLength];
        var bytes = System.Text.Encoding.ASCII.GetBytes(text);
        var ok = dateOnly ? TemporalText.TryFormatDate(bytes, output, out var written) : TemporalText.TryFormatDateTime(bytes, output, out written);
        return ok ? System.Text.Encoding.ASCII.GetString(output[..written]) : null;
    }

    private void WriteTemporal(Utf8JsonWriter json, ReadOnlySpan<byte> text, SyncColumn column, bool dateOnly)
    {
        Span<byte> output = stackalloc byte[TemporalText.MaxLength];
        var ok = dateOnly ? TemporalText.TryFormatDate(text, output, out var written) : TemporalText.TryFormatDateTime(text, output, out written);
        if (ok)
        {
            json.WriteStringValue(output[..written]);
            return;
        }
        if (_warned.Add(column.Name))
        {
            Log.Warning($"stream '{_stream}': column '{column.Name}' holds zero or invalid dates " +
                $"({System.Text.Encoding.ASCII.GetString(text)}); they are written as null");
        }
        json.WriteNullValue();
    }

    private void WriteJson(Utf8JsonWriter json, ReadOnlySpan<byte> text, SyncColumn column)
    {
        try
        {
            json.WriteRawValue(text);
        }
        catch (ArgumentException)
        {
            if (_warned.Add(column.Name))
            {
                Log.Warning($"stream '{_stream}': column '{column.Name}' holds text that is not valid JSON; written as a string");
            }
            json.WriteStringValue(text);
        }
    }

    private static bool IsTrue(object value) => value switch
    {
        bool b => b,
        ulong u => u != 0,
        _ => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) != 0,
    };
}
