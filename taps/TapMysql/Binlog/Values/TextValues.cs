using System.Text;

namespace TapMysql.Binlog.Values;

/// <summary>
/// Text columns as UTF-8: the binlog holds a value in its column's character set, and the FULL_TABLE path asks the
/// server for utf8mb4, so values in other character sets are converted here with the matching .NET encoding.
/// </summary>
internal static class TextValues
{
    /// <summary>MySQL character set names and the code pages that convert them as the server does.</summary>
    private static readonly Dictionary<string, int> CodePages = new(StringComparer.OrdinalIgnoreCase)
    {
        // MySQL's latin1 is Windows-1252, not ISO-8859-1.
        ["latin1"] = 1252,
        ["latin2"] = 28592,
        ["latin5"] = 28599,
        ["latin7"] = 28603,
        ["greek"] = 28597,
        ["hebrew"] = 28598,
        ["cp1250"] = 1250,
        ["cp1251"] = 1251,
        ["cp1256"] = 1256,
        ["cp1257"] = 1257,
        ["cp850"] = 850,
        ["cp852"] = 852,
        ["cp866"] = 866,
        ["koi8r"] = 20866,
        ["koi8u"] = 21866,
        ["macroman"] = 10000,
        ["macce"] = 10029,
        ["tis620"] = 874,
        ["sjis"] = 932,
        ["cp932"] = 932,
        ["gbk"] = 936,
        ["gb2312"] = 936,
        ["gb18030"] = 54936,
        ["big5"] = 950,
        ["euckr"] = 51949,
        ["ujis"] = 51932,
        ["eucjpms"] = 51932,
        ["ucs2"] = 1201,
        ["utf16"] = 1201,
        ["utf16le"] = 1200,
        ["utf32"] = 12001,
    };

    static TextValues()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <summary>The encoding to convert from, or null when the bytes are UTF-8 already (or the column is binary).</summary>
    public static Encoding? EncodingFor(string? characterSet, string column)
    {
        if (characterSet is null or "utf8mb4" or "utf8mb3" or "utf8" or "ascii" or "binary")
        {
            return null;
        }
        return CodePages.TryGetValue(characterSet, out var codePage)
            ? Encoding.GetEncoding(codePage)
            : throw new NotSupportedException($"column '{column}' uses character set {characterSet}, which the binlog reader cannot convert to UTF-8");
    }

    /// <summary>Writes <paramref name="value"/> converted to UTF-8 into the arena.</summary>
    public static int Convert(Encoding encoding, ReadOnlySpan<byte> value, Sync.RowBatch batch)
    {
        var chars = encoding.GetCharCount(value);
        var utf8 = CellWriter.Reserve(batch, chars * 3);
        char[]? rented = null;
        Span<char> text = chars <= 512 ? stackalloc char[chars] : (rented = System.Buffers.ArrayPool<char>.Shared.Rent(chars)).AsSpan(0, chars);
        encoding.GetChars(value, text);
        var written = Encoding.UTF8.GetBytes(text, utf8);
        if (rented is not null)
        {
            System.Buffers.ArrayPool<char>.Shared.Return(rented);
        }
        return written;
    }
}
