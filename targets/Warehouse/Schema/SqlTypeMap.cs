using System.Numerics;
using Singer.Sdk;

namespace Warehouse;

/// <summary>
/// JSON Schema to column type, in the order the rules are tried. The README's type table is this table in
/// prose; each dialect then names the kind (see <see cref="SqlDialect.TypeName"/>).
/// </summary>
public static class SqlTypeMap
{
    private static readonly (Func<JsonSchema, bool> Matches, Func<JsonSchema, SqlType> Type)[] Rules =
    [
        (s => (s.NonNullTypes & (JsonTypes.Object | JsonTypes.Array)) != 0, _ => SqlType.Json),
        (s => s.NonNullTypes == JsonTypes.None, _ => SqlType.Json),
        (s => s.NonNullTypes == JsonTypes.Boolean, _ => new SqlType(SqlKind.Boolean)),
        (s => s.NonNullTypes == JsonTypes.Integer, Integer),
        (s => s.NonNullTypes is JsonTypes.Number or (JsonTypes.Number | JsonTypes.Integer), Number),
        (s => s.NonNullTypes == JsonTypes.String && s.Format == "date-time", _ => SqlType.Timestamp),
        (s => s.NonNullTypes == JsonTypes.String && s.Format == "date", _ => new SqlType(SqlKind.Date)),
        (s => s.NonNullTypes == JsonTypes.String && s.Format == "time", _ => new SqlType(SqlKind.Time)),
    ];

    public static SqlType Map(JsonSchema schema)
    {
        var branch = schema.AnyOf is { Count: > 0 } branches && branches.Count(b => b.NonNullTypes != JsonTypes.None) == 1
            ? branches.First(b => b.NonNullTypes != JsonTypes.None)
            : schema;
        foreach (var (matches, type) in Rules)
        {
            if (matches(branch))
            {
                return type(branch);
            }
        }
        return SqlType.Text;
    }

    /// <summary>BIGINT, unless the schema's bounds reach past 64 bits (BIGINT UNSIGNED): then NUMERIC with scale 0.</summary>
    private static SqlType Integer(JsonSchema schema) =>
        Beyond64Bits(schema.Maximum) || Beyond64Bits(schema.Minimum) ? new SqlType(SqlKind.Numeric, 0) : SqlType.BigInt;

    /// <summary>NUMERIC with the scale multipleOf declares (0.01 → 2); without one, a float (DOUBLE where the dialect has it).</summary>
    private static SqlType Number(JsonSchema schema)
    {
        if (schema.MultipleOf is not { } step || !ExactNumber.TryDecompose(step, out var parts))
        {
            return new SqlType(SqlKind.Numeric);
        }
        var (unscaled, scale) = ExactNumber.Normalize(parts);
        return BigInteger.Abs(unscaled).IsOne && scale >= 0 ? new SqlType(SqlKind.Numeric, scale) : new SqlType(SqlKind.Numeric);
    }

    private static bool Beyond64Bits(object? bound) =>
        bound is not null && ExactNumber.IsNumber(bound)
        && (ExactNumber.Compare(bound, long.MaxValue) > 0 || ExactNumber.Compare(bound, long.MinValue) < 0);
}
