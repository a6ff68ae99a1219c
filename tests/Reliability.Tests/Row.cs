using System.Globalization;

namespace Reliability.Tests;

/// <summary>
/// A row of the table under test as a destination holds it. <see cref="Rev"/> grows by one on every update at the
/// source, so copies of one row can be told apart wherever they landed (a file target keeps every copy).
/// </summary>
public sealed record Row(long Id, long Rev, decimal Amount, string Note)
{
    public static Row Parse(string? id, string? rev, string? amount, string? note) =>
        new(long.Parse(id!, CultureInfo.InvariantCulture), long.Parse(rev!, CultureInfo.InvariantCulture),
            decimal.Parse(amount!, NumberStyles.Float, CultureInfo.InvariantCulture), note!);

    /// <summary>One line per row, the amount at the column's scale, so equal rows read equal whatever scale a destination printed.</summary>
    public override string ToString() => $"{Id} | {Rev} | {Amount.ToString("0.0000", CultureInfo.InvariantCulture)} | {Note}";
}
