using System.Text;

namespace TapMysql.Binlog.Values;

/// <summary>
/// The values of an ENUM or SET column, read from its COLUMN_TYPE (<c>enum('a','it''s')</c>), as UTF-8: the binlog
/// logs an ENUM as its 1-based index and a SET as a bitmask over these, so the text comes from here.
/// </summary>
internal sealed class EnumValues
{
    private readonly byte[][] _values;

    private EnumValues(byte[][] values)
    {
        _values = values;
    }

    public int Count => _values.Length;

    public static EnumValues Parse(string columnType)
    {
        var open = columnType.IndexOf('(', StringComparison.Ordinal);
        if (open < 0)
        {
            throw new FormatException($"column type {columnType} lists no values");
        }
        var values = new List<byte[]>();
        var text = new StringBuilder();
        var i = open + 1;
        while (i < columnType.Length && columnType[i] == '\'')
        {
            text.Clear();
            i++;
            while (true)
            {
                if (i >= columnType.Length)
                {
                    throw new FormatException($"column type {columnType} has an unterminated value");
                }
                var c = columnType[i++];
                if (c == '\'' && i < columnType.Length && columnType[i] == '\'')
                {
                    text.Append('\'');
                    i++;
                }
                else if (c == '\'')
                {
                    break;
                }
                else
                {
                    text.Append(c);
                }
            }
            values.Add(Encoding.UTF8.GetBytes(text.ToString()));
            if (i < columnType.Length && columnType[i] == ',')
            {
                i++;
            }
        }
        return new EnumValues([.. values]);
    }

    /// <summary>An ENUM's value: index 0 is the empty string the server stores for an invalid value.</summary>
    public ReadOnlySpan<byte> Enum(long index) => index >= 1 && index <= _values.Length ? _values[index - 1] : [];

    /// <summary>A SET's value: its members in definition order, separated by commas.</summary>
    public int Set(ulong bits, Sync.RowBatch batch)
    {
        var length = 0;
        for (var i = 0; i < _values.Length; i++)
        {
            if ((bits & 1UL << i) != 0)
            {
                length += _values[i].Length + 1;
            }
        }
        var output = CellWriter.Reserve(batch, length);
        var written = 0;
        for (var i = 0; i < _values.Length; i++)
        {
            if ((bits & 1UL << i) != 0)
            {
                if (written > 0)
                {
                    output[written++] = (byte)',';
                }
                _values[i].CopyTo(output[written..]);
                written += _values[i].Length;
            }
        }
        return written;
    }
}
