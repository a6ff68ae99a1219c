using System.Numerics;
using Singer.Sdk;
using TapMysql.Discovery;

namespace TapMysql.Types;

/// <summary>
/// MySQL/MariaDB column types to JSON Schema, one row per data_type. The README's type table is this
/// table in prose; where the Python tap-mysql encodes a type differently, the README says why.
/// </summary>
internal static class MysqlTypeMap
{
    private static readonly Dictionary<string, Func<ColumnInfo, ColumnMapping>> ByDataType = new(StringComparer.OrdinalIgnoreCase)
    {
        ["tinyint"] = c => c.Width == 1 && !c.IsUnsigned ? Boolean() : Integer(c, 8),
        ["smallint"] = c => Integer(c, 16),
        ["mediumint"] = c => Integer(c, 24),
        ["int"] = c => Integer(c, 32),
        ["integer"] = c => Integer(c, 32),
        ["bigint"] = c => Integer(c, 64),
        ["decimal"] = Decimal,
        ["numeric"] = Decimal,
        ["float"] = _ => new(ColumnKind.Float, Nullable("number")),
        ["double"] = _ => new(ColumnKind.Double, Nullable("number")),
        ["real"] = _ => new(ColumnKind.Double, Nullable("number")),
        ["bit"] = c => (c.Width ?? 1) == 1 ? Boolean() : Bits(c),
        ["bool"] = _ => Boolean(),
        ["boolean"] = _ => Boolean(),
        ["date"] = _ => new(ColumnKind.Date, With(Nullable("string"), "format", "date")),
        ["datetime"] = _ => new(ColumnKind.DateTime, With(Nullable("string"), "format", "date-time")),
        ["timestamp"] = _ => new(ColumnKind.DateTime, With(Nullable("string"), "format", "date-time")),
        ["time"] = _ => new(ColumnKind.Time, Nullable("string")),
        ["year"] = _ => new(ColumnKind.Year, With(With(Nullable("integer"), "minimum", 0L), "maximum", 2155L)),
        ["char"] = Text,
        ["varchar"] = Text,
        ["tinytext"] = Text,
        ["text"] = Text,
        ["mediumtext"] = Text,
        ["longtext"] = Text,
        ["enum"] = Text,
        ["set"] = Text,
        ["binary"] = _ => Binary(),
        ["varbinary"] = _ => Binary(),
        ["tinyblob"] = _ => Binary(),
        ["blob"] = _ => Binary(),
        ["mediumblob"] = _ => Binary(),
        ["longblob"] = _ => Binary(),
        ["json"] = _ => Json(),
    };

    /// <param name="jsonAsString">Map JSON columns to <c>string</c> (their text), as the Python tap-mysql does.</param>
    public static ColumnMapping Map(ColumnInfo column, bool jsonAsString = false)
    {
        var mapping = column.IsJson ? Json()
            : ByDataType.TryGetValue(column.DataType, out var map) ? map(column)
            : new ColumnMapping(ColumnKind.Unsupported, new Dictionary<string, object?> { ["description"] = $"Unsupported column type {column.ColumnType}" });
        return mapping.Kind == ColumnKind.Json && jsonAsString ? JsonText() : mapping;
    }

    /// <summary>
    /// True when a catalog schema declares a property as text only (<c>"string"</c> or <c>["null", "string"]</c>),
    /// as the Python tap's discovery and <c>json_as_string</c> declare JSON columns.
    /// </summary>
    public static bool DeclaresTextOnly(object? schema) =>
        schema is Dictionary<string, object?> property && property.GetValueOrDefault("type") switch
        {
            string type => type == "string",
            List<object?> types => types.Contains("string") && types.TrueForAll(t => t is "string" or "null"),
            _ => false,
        };

    private static ColumnMapping Boolean() => new(ColumnKind.Boolean, Nullable("boolean"));

    private static ColumnMapping Integer(ColumnInfo column, int bits)
    {
        var schema = Nullable("integer");
        if (column.IsUnsigned)
        {
            schema["minimum"] = 0L;
            schema["maximum"] = bits == 64 ? (object)(BigInteger)ulong.MaxValue : (1L << bits) - 1;
        }
        else
        {
            schema["minimum"] = bits == 64 ? long.MinValue : -(1L << (bits - 1));
            schema["maximum"] = bits == 64 ? long.MaxValue : (1L << (bits - 1)) - 1;
        }
        return new(bits == 64 && column.IsUnsigned ? ColumnKind.UnsignedBigInt : ColumnKind.SignedInteger, schema);
    }

    private static ColumnMapping Decimal(ColumnInfo column)
    {
        var scale = (int)(column.NumericScale ?? 0);
        object multipleOf = scale == 0 ? 1L
            : scale <= 28 ? new decimal(1, 0, 0, false, (byte)scale)
            : BigDecimal.Parse($"1e-{scale}");
        return new(ColumnKind.Decimal, With(Nullable("number"), "multipleOf", multipleOf));
    }

    private static ColumnMapping Bits(ColumnInfo column)
    {
        var width = column.Width ?? 64;
        object maximum = width >= 64 ? (BigInteger)ulong.MaxValue : (1L << width) - 1;
        return new(ColumnKind.Bit, With(With(Nullable("integer"), "minimum", 0L), "maximum", maximum));
    }

    private static ColumnMapping Text(ColumnInfo column)
    {
        var schema = Nullable("string");
        if (column.CharacterMaximumLength is { } length)
        {
            schema["maxLength"] = length;
        }
        return new(ColumnKind.String, schema);
    }

    private static ColumnMapping Binary() => new(ColumnKind.Binary, With(Nullable("string"), "contentEncoding", "base64"));

    private static ColumnMapping JsonText() => new(ColumnKind.JsonText, Nullable("string"));

    private static ColumnMapping Json() => new(ColumnKind.Json, new Dictionary<string, object?>
    {
        ["type"] = new List<object?> { "null", "object", "array", "string", "number", "boolean" },
    });

    private static Dictionary<string, object?> Nullable(string type) =>
        new() { ["type"] = new List<object?> { "null", type } };

    private static Dictionary<string, object?> With(Dictionary<string, object?> schema, string key, object? value)
    {
        schema[key] = value;
        return schema;
    }
}
