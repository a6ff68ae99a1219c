using System.Buffers.Binary;
using System.Text;
using Warehouse;

namespace TargetPostgres;

/// <summary>
/// Rows in PostgreSQL's binary COPY format, written straight into a buffer that goes to a raw COPY stream. Npgsql's
/// importer resolves and binds a typed parameter for every value; for millions of values of a handful of known
/// column types, encoding them here costs a fraction of that. Formats: the send/recv functions of each type.
/// </summary>
internal sealed class PgCopyRowWriter
{
    private const int FlushBytes = 64 * 1024;

    /// <summary>Microseconds and days count from 2000-01-01 in PostgreSQL.</summary>
    private static readonly long EpochTicks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    private static readonly int EpochDay = new DateOnly(2000, 1, 1).DayNumber;

    private static ReadOnlySpan<byte> Signature => [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0];

    private readonly Stream _copy;
    private readonly string _target;
    private readonly bool _sanitizeNul;
    private byte[] _buffer = new byte[4096]; // grows to the flush size; small while a run has many small streams
    private int _used;

    /// <param name="sanitizeNul">sanitize_null_text_characters: remove U+0000 from text and JSON values (counted per column) instead of refusing them.</param>
    public PgCopyRowWriter(Stream copy, string target, bool sanitizeNul)
    {
        _copy = copy;
        _target = target;
        _sanitizeNul = sanitizeNul;
        // The signature, no flags, no header extension.
        Write(Signature);
        WriteInt32(0);
        WriteInt32(0);
    }

    /// <summary>Per column, how many values had NUL characters removed (sanitize_null_text_characters).</summary>
    public Dictionary<string, long> SanitizedValues { get; } = new(StringComparer.Ordinal);

    public void StartRow(int fields) => WriteInt16((short)fields);

    public void WriteNull() => WriteInt32(-1);

    /// <summary>One value as the stage column's type; the CLR types are the ones <see cref="ValueCoercer"/> produces.</summary>
    public void WriteValue(object value, SqlKind kind, string column)
    {
        switch (value)
        {
            case long l when kind == SqlKind.BigInt:
                WriteInt32(8);
                WriteInt64(l);
                break;
            case decimal d when kind == SqlKind.Numeric:
                WriteNumeric(d);
                break;
            case DateTime t when kind == SqlKind.Timestamp:
                WriteInt32(8);
                WriteInt64((t.ToUniversalTime().Ticks - EpochTicks) / TimeSpan.TicksPerMicrosecond);
                break;
            case bool b when kind == SqlKind.Boolean:
                WriteInt32(1);
                Write(b ? (byte)1 : (byte)0);
                break;
            case double f when kind == SqlKind.Double:
                WriteInt32(8);
                WriteInt64(BitConverter.DoubleToInt64Bits(f));
                break;
            case DateOnly date when kind == SqlKind.Date:
                WriteInt32(4);
                WriteInt32(date.DayNumber - EpochDay);
                break;
            case TimeOnly time when kind == SqlKind.Time:
                WriteInt32(8);
                WriteInt64(time.Ticks / TimeSpan.TicksPerMicrosecond);
                break;
            case string text when kind == SqlKind.Json:
                WriteText(text, column, jsonbVersion: true);
                break;
            case string text when kind == SqlKind.Text:
                WriteText(text, column, jsonbVersion: false);
                break;
            default:
                throw new InvalidOperationException($"table {_target}: column '{column}': cannot COPY a {value.GetType().Name} as {kind}");
        }
    }

    /// <summary>Hands what is buffered to the COPY stream once a flush's worth has gathered.</summary>
    public ValueTask FlushIfFullAsync(CancellationToken cancellationToken) =>
        _used >= FlushBytes ? FlushAsync(cancellationToken) : ValueTask.CompletedTask;

    /// <summary>Ends the data (the -1 trailer) and sends the rest.</summary>
    public async ValueTask FinishAsync(CancellationToken cancellationToken)
    {
        WriteInt16(-1);
        await FlushAsync(cancellationToken);
    }

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        await _copy.WriteAsync(_buffer.AsMemory(0, _used), cancellationToken);
        _used = 0;
    }

    private void WriteText(string text, string column, bool jsonbVersion)
    {
        if (HasNul(text, jsonbVersion))
        {
            RefuseNul(column);
            text = WithoutNul(text, jsonbVersion);
            SanitizedValues[column] = SanitizedValues.GetValueOrDefault(column) + 1;
        }
        var prefix = jsonbVersion ? 1 : 0;
        var span = Room(4 + prefix + Encoding.UTF8.GetMaxByteCount(text.Length));
        var length = Encoding.UTF8.GetBytes(text, span[(4 + prefix)..]);
        BinaryPrimitives.WriteInt32BigEndian(span, length + prefix);
        if (jsonbVersion)
        {
            span[4] = 1; // the jsonb binary format's version byte, then the JSON text
        }
        _used += 4 + prefix + length;
    }

    /// <summary>
    /// Refuses a value PostgreSQL cannot store before any field of its row is written, so the rows staged before it stay
    /// a well-formed COPY that the driver commits (with their STATE) before it stops at this record's line.
    /// </summary>
    public void CheckValue(string text, SqlKind kind, string column)
    {
        if (kind is SqlKind.Text or SqlKind.Json && HasNul(text, kind == SqlKind.Json))
        {
            RefuseNul(column);
        }
    }

    private void RefuseNul(string column)
    {
        if (!_sanitizeNul)
        {
            // PostgreSQL text and JSONB cannot hold U+0000; say where (the driver adds the line and stream), instead of the server's bare 22021.
            throw new Singer.Sdk.ProtocolException(0, $"table {_target}: PostgreSQL cannot store the NUL character (U+0000) found in the value " +
                "(set sanitize_null_text_characters to remove it)", field: column);
        }
    }

    /// <summary>The value without U+0000: the character itself, and in JSON text its escape \u0000 (not an escaped backslash followed by "u0000").</summary>
    private static string WithoutNul(string text, bool json)
    {
        text = text.Replace("\0", "", StringComparison.Ordinal);
        if (!json)
        {
            return text;
        }
        var kept = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                if (string.CompareOrdinal(text, i + 1, "u0000", 0, 5) == 0)
                {
                    i += 5;
                    continue;
                }
                kept.Append(text[i]).Append(text[i + 1]);
                i++;
                continue;
            }
            kept.Append(text[i]);
        }
        return kept.ToString();
    }

    /// <summary>
    /// True when the value holds U+0000: as itself, or in JSON text as the escape \u0000 (an odd run of backslashes
    /// before the u; an even one is escaped backslashes followed by the letters "u0000").
    /// </summary>
    private static bool HasNul(string text, bool json)
    {
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            return true;
        }
        if (!json)
        {
            return false;
        }
        for (var at = text.IndexOf("\\u0000", StringComparison.Ordinal); at >= 0; at = text.IndexOf("\\u0000", at + 1, StringComparison.Ordinal))
        {
            var backslashes = 0;
            for (var i = at; i >= 0 && text[i] == '\\'; i--)
            {
                backslashes++;
            }
            if (backslashes % 2 == 1)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// NUMERIC's binary form: base-10000 digits, most significant first, with the weight of the first digit, a sign
    /// and the display scale. The unscaled 96-bit integer is padded to a multiple of four decimals so the digits
    /// fall on the decimal point; trailing zero digits are left out, as PostgreSQL itself does.
    /// </summary>
    private void WriteNumeric(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var scale = (bits[3] >> 16) & 0xFF;
        var negative = bits[3] < 0;
        var unscaled = ((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0];
        var pad = (4 - (scale % 4)) % 4;
        for (var i = 0; i < pad; i++)
        {
            unscaled *= 10;
        }
        var fractionDigits = (scale + pad) / 4;
        Span<short> digits = stackalloc short[12]; // least significant first; 10^32 > 2^106
        var count = 0;
        while (unscaled != 0)
        {
            digits[count++] = (short)(ushort)(unscaled % 10000);
            unscaled /= 10000;
        }
        var lowest = 0;
        while (lowest < count && digits[lowest] == 0)
        {
            lowest++;
        }
        var written = count - lowest;
        WriteInt32(8 + (2 * written));
        WriteInt16((short)written);
        WriteInt16((short)(written == 0 ? 0 : count - fractionDigits - 1));
        WriteInt16((short)(negative && written > 0 ? 0x4000 : 0x0000));
        WriteInt16((short)scale);
        for (var i = count - 1; i >= lowest; i--)
        {
            WriteInt16(digits[i]);
        }
    }

    private Span<byte> Room(int bytes)
    {
        if (_buffer.Length - _used < bytes)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _used + bytes));
        }
        return _buffer.AsSpan(_used);
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Room(bytes.Length));
        _used += bytes.Length;
    }

    private void Write(byte value)
    {
        Room(1)[0] = value;
        _used++;
    }

    private void WriteInt16(short value)
    {
        BinaryPrimitives.WriteInt16BigEndian(Room(2), value);
        _used += 2;
    }

    private void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(Room(4), value);
        _used += 4;
    }

    private void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(Room(8), value);
        _used += 8;
    }
}
