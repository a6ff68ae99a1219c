namespace TapMysql.Binlog;

/// <summary>
/// Binlog coordinates: a file name and a byte offset in it. Files are ordered by their numeric suffix
/// (mysql-bin.000009 before mysql-bin.000010), which is how the server numbers them, not by text.
/// </summary>
public readonly record struct BinlogPosition(string File, long Position) : IComparable<BinlogPosition>
{
    public int CompareTo(BinlogPosition other)
    {
        var byFile = CompareFiles(File, other.File);
        return byFile != 0 ? byFile : Position.CompareTo(other.Position);
    }

    public static bool operator <(BinlogPosition left, BinlogPosition right) => left.CompareTo(right) < 0;

    public static bool operator >(BinlogPosition left, BinlogPosition right) => left.CompareTo(right) > 0;

    public static bool operator <=(BinlogPosition left, BinlogPosition right) => left.CompareTo(right) <= 0;

    public static bool operator >=(BinlogPosition left, BinlogPosition right) => left.CompareTo(right) >= 0;

    public override string ToString() => $"{File}:{Position}";

    /// <summary>Base names compare as text, then the part after the last dot as a number.</summary>
    private static int CompareFiles(string left, string right)
    {
        var leftDot = left.LastIndexOf('.');
        var rightDot = right.LastIndexOf('.');
        var byBase = left.AsSpan(0, Math.Max(leftDot, 0)).SequenceCompareTo(right.AsSpan(0, Math.Max(rightDot, 0)));
        if (byBase != 0)
        {
            return byBase;
        }
        return long.TryParse(left.AsSpan(leftDot + 1), out var leftNumber) && long.TryParse(right.AsSpan(rightDot + 1), out var rightNumber)
            ? leftNumber.CompareTo(rightNumber)
            : string.CompareOrdinal(left, right);
    }
}
