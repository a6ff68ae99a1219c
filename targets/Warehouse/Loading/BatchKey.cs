using System.Globalization;

namespace Warehouse;

/// <summary>
/// A row's key as the database compares it, for spotting a key sent twice in one batch: NUMERIC 1.5 and 1.50 are one
/// key (as text they were two, the merge skipped ranking the batch, and PostgreSQL's upsert then met the row twice:
/// "ON CONFLICT DO UPDATE command cannot affect row a second time"). A false "repeated" only costs the ranking;
/// a missed one fails or duplicates, so every value is reduced to what the database's equality sees.
/// </summary>
internal sealed class BatchKey : IEquatable<BatchKey>
{
    private static readonly object Null = new();

    private readonly object[] _parts;

    private BatchKey(object[] parts) => _parts = parts;

    /// <summary>The key of <paramref name="row"/>: the value itself for one key column, a <see cref="BatchKey"/> for several.</summary>
    public static object Of(object?[] row, int[] keyIndexes, IReadOnlyList<WarehouseColumn> columns)
    {
        if (keyIndexes.Length == 1)
        {
            return Comparable(row[keyIndexes[0]], columns[keyIndexes[0]].Type);
        }
        var parts = new object[keyIndexes.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = Comparable(row[keyIndexes[i]], columns[keyIndexes[i]].Type);
        }
        return new BatchKey(parts);
    }

    /// <summary>
    /// A value in a form whose Equals is the database's equality, or coarser: a NUMERIC's decimal or wide text as its
    /// digits without trailing zeros (decimal's own Equals agrees, but a wide value is text), rounded to the column's
    /// scale (DuckDB's and Redshift's DECIMAL(38,2) store 1.555 as 1.56); a double without the sign of zero; a time
    /// rounded to the microsecond the database keeps.
    /// </summary>
    private static object Comparable(object? value, SqlType type) => value switch
    {
        null => Null,
        decimal d when type.Kind == SqlKind.Numeric =>
            Canonical((type.Scale is { } scale and <= 28 ? Math.Round(d, scale, MidpointRounding.AwayFromZero) : d).ToString(CultureInfo.InvariantCulture)),
        string wide when type.Kind == SqlKind.Numeric => Canonical(wide),
        double f when f == 0 => 0d,
        DateTime t => new DateTime(Microseconds(t.Ticks) * TimeSpan.TicksPerMicrosecond, DateTimeKind.Utc),
        TimeOnly t => new TimeOnly(Math.Min(Microseconds(t.Ticks) * TimeSpan.TicksPerMicrosecond, TimeOnly.MaxValue.Ticks)),
        _ => value,
    };

    /// <summary>Ticks to whole microseconds, half to even (PostgreSQL's rint); ticks are never negative.</summary>
    private static long Microseconds(long ticks)
    {
        var (whole, rest) = Math.DivRem(ticks, TimeSpan.TicksPerMicrosecond);
        return rest > 5 || (rest == 5 && whole % 2 == 1) ? whole + 1 : whole;
    }

    /// <summary>Positional decimal text (what <see cref="ValueCoercer"/> makes) with the fraction's trailing zeros cut: 1.50 → 1.5, -0.0 → 0.</summary>
    private static string Canonical(string number)
    {
        var text = number.Contains('.', StringComparison.Ordinal) ? number.TrimEnd('0').TrimEnd('.') : number;
        return text is "-0" or "" ? "0" : text;
    }

    public bool Equals(BatchKey? other) => other is not null && _parts.AsSpan().SequenceEqual(other._parts);

    public override bool Equals(object? obj) => Equals(obj as BatchKey);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var part in _parts)
        {
            hash.Add(part);
        }
        return hash.ToHashCode();
    }
}
