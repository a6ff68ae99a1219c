namespace TapMysql.Sync;

/// <summary>
/// Rewrites MySQL's DATE and DATETIME/TIMESTAMP text (<c>2024-01-01 00:00:30.5</c>) into Singer's forms
/// (<c>2024-01-01</c>, <c>2024-01-01T00:00:30.500000Z</c>) byte by byte. Zero and impossible dates
/// (<c>0000-00-00</c>, <c>2024-02-00</c>) are rejected so the caller can write null.
/// </summary>
internal static class TemporalText
{
    /// <summary>Length of the longest output: yyyy-MM-ddTHH:mm:ss.ffffffZ.</summary>
    public const int MaxLength = 27;

    public static bool TryFormatDate(ReadOnlySpan<byte> text, Span<byte> output, out int written)
    {
        written = 0;
        if (text.Length < 10 || !IsRealDate(text))
        {
            return false;
        }
        text[..10].CopyTo(output);
        written = 10;
        return true;
    }

    public static bool TryFormatDateTime(ReadOnlySpan<byte> text, Span<byte> output, out int written)
    {
        written = 0;
        if (text.Length < 19 || !IsRealDate(text))
        {
            return false;
        }
        text[..19].CopyTo(output);
        output[10] = (byte)'T';
        output[19] = (byte)'.';
        var fraction = text.Length > 20 ? text[20..] : default;
        var digits = Math.Min(fraction.Length, 6);
        fraction[..digits].CopyTo(output[20..]);
        output.Slice(20 + digits, 6 - digits).Fill((byte)'0');
        output[26] = (byte)'Z';
        written = MaxLength;
        return true;
    }

    /// <summary>
    /// The stand-in for a zero or impossible date in a key column, which cannot be null: the date becomes
    /// 0001-01-01 (the first date JSON Schema and every warehouse accept), the time of day is kept.
    /// </summary>
    public static int FormatKeyStandIn(ReadOnlySpan<byte> text, Span<byte> output, bool dateOnly)
    {
        if (dateOnly || text.Length < 19)
        {
            "0001-01-01"u8.CopyTo(output);
            if (dateOnly)
            {
                return 10;
            }
            TryFormatDateTime("0001-01-01 00:00:00"u8, output, out var midnight);
            return midnight;
        }
        Span<byte> copy = stackalloc byte[text.Length];
        text.CopyTo(copy);
        "0001-01-01"u8.CopyTo(copy);
        TryFormatDateTime(copy, output, out var written);
        return written;
    }

    private static bool IsRealDate(ReadOnlySpan<byte> text)
    {
        var year = Number(text[..4]);
        var month = Number(text.Slice(5, 2));
        var day = Number(text.Slice(8, 2));
        return year is >= 1 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);
    }

    private static int Number(ReadOnlySpan<byte> digits)
    {
        var value = 0;
        foreach (var d in digits)
        {
            if (d is < (byte)'0' or > (byte)'9')
            {
                return -1;
            }
            value = (value * 10) + (d - '0');
        }
        return value;
    }
}
