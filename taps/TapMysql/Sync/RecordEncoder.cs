using System.Text.Json;
using Singer.Sdk;
using TapMysql.Types;

namespace TapMysql.Sync;

/// <summary>
/// Writes the rows of a <see cref="RowBatch"/> as RECORD fields. Zero and impossible dates become null, or
/// 0001-01-01 in a key column (a key cannot be null), with one warning per column; text that a JSON column
/// cannot parse is written as a string.
/// </summary>
internal sealed class RecordEncoder
{
    private readonly IReadOnlyList<SyncColumn> _columns;
    private readonly string _stream;
    private readonly HashSet<string> _warned = new(StringComparer.Ordinal);
    private readonly HashSet<SyncColumn> _keys;

    public RecordEncoder(string stream, IReadOnlyList<SyncColumn> columns, IReadOnlyList<SyncColumn> keys)
    {
        _stream = stream;
        _columns = columns;
        _keys = [.. keys];
    }

    public void Write(Utf8JsonWriter json, RowBatch batch, int row)
    {
        var cell = row * batch.Columns;
        for (var i = 0; i < _columns.Count; i++, cell++)
        {
            var column = _columns[i];
            json.WritePropertyName(column.EncodedName);
            if (batch.Lengths[cell] == RowBatch.Null)
            {
                json.WriteNullValue();
                continue;
            }
            var number = batch.Numbers[cell];
            switch (column.Kind)
            {
                case ColumnKind.SignedInteger or ColumnKind.Year: json.WriteNumberValue(number); break;
                case ColumnKind.UnsignedBigInt or ColumnKind.Bit: json.WriteNumberValue(unchecked((ulong)number)); break;
                case ColumnKind.Boolean: json.WriteBooleanValue(number != 0); break;
                case ColumnKind.Double: SingerWriter.WriteNumber(json, BitConverter.Int64BitsToDouble(number)); break;
                case ColumnKind.Float: SingerWriter.WriteNumber(json, BitConverter.Int32BitsToSingle((int)number)); break;
                case ColumnKind.Time: json.WriteStringValue(ValueText.Time(TimeSpan.FromTicks(number))); break;
                case ColumnKind.Decimal: json.WriteRawValue(batch.Bytes(cell), skipInputValidation: true); break;
                case ColumnKind.String or ColumnKind.JsonText: json.WriteStringValue(batch.Bytes(cell)); break;
                case ColumnKind.DateTime: WriteTemporal(json, batch.Bytes(cell), column, dateOnly: false); break;
                case ColumnKind.Date: WriteTemporal(json, batch.Bytes(cell), column, dateOnly: true); break;
                case ColumnKind.Binary: json.WriteBase64StringValue(batch.Bytes(cell)); break;
                case ColumnKind.Json: WriteJson(json, batch.Bytes(cell), column); break;
                default: throw new InvalidOperationException($"column '{column.Name}' has no encoder");
            }
        }
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
        var isKey = _keys.Contains(column);
        if (_warned.Add(column.Name))
        {
            Log.Warning($"stream '{_stream}': column '{column.Name}' holds zero or invalid dates " +
                $"({System.Text.Encoding.ASCII.GetString(text)}); they are written as " +
                (isKey ? "0001-01-01 with their time of day, since a key cannot be null (bookmarks keep the server's text)" : "null"));
        }
        if (isKey)
        {
            json.WriteStringValue(output[..TemporalText.FormatKeyStandIn(text, output, dateOnly)]);
            return;
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
}
