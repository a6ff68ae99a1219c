using System.Globalization;
using System.Numerics;
using Parquet.Schema;
using Singer.Sdk;

namespace TargetS3;

/// <summary>
/// Maps a stream's SCHEMA to Parquet columns: integer → INT64 (DECIMAL(p, 0) when its bounds exceed INT64), number with multipleOf 10^-s → DECIMAL(38, s), other
/// numbers → DOUBLE, boolean → BOOLEAN, date-time → TIMESTAMP (UTC, microseconds), date → DATE, other strings → UTF8,
/// objects, arrays and mixed types → UTF8 JSON text. Every column is nullable: Singer cannot promise a value.
/// </summary>
internal static class ParquetColumns
{
    /// <summary>Parquet's widest decimal that fits 16 bytes; System.Decimal itself stops at 28-29 digits.</summary>
    private const int DecimalPrecision = 38;

    private static readonly BigInteger MaxUnscaled = BigInteger.Pow(10, DecimalPrecision);

    /// <summary>Fresh, empty columns for one file, in the SCHEMA's property order (the <paramref name="added"/> columns last).</summary>
    public static ParquetColumn[] For(SchemaMessage schema, string[] added)
    {
        var properties = schema.Schema.GetValueOrDefault("properties") as Dictionary<string, object?> ?? [];
        var parsed = schema.ParsedSchema.Properties;
        var columns = new List<ParquetColumn>();
        foreach (var name in properties.Keys)
        {
            if (added.Contains(name, StringComparer.Ordinal))
            {
                continue; // added below, once
            }
            columns.Add(Column(schema.Stream, name, parsed?.GetValueOrDefault(name)));
        }
        // The metadata columns as timestamps, the table version as INT64.
        columns.AddRange(added.Select(ParquetColumn (name) => name == RecordEncoder.TableVersion
            ? new ParquetValueColumn<long>(schema.Stream, name, new DataField<long>(name, nullable: true), ToInt64)
            : Timestamp(schema.Stream, name)));
        return [.. columns];
    }

    private static ParquetColumn Column(string stream, string name, JsonSchema? property)
    {
        var types = property?.NonNullTypes ?? JsonTypes.None;
        return types switch
        {
            JsonTypes.Integer => Integer(stream, name, property!),
            JsonTypes.Number or (JsonTypes.Number | JsonTypes.Integer) => Number(stream, name, property!),
            JsonTypes.Boolean => new ParquetValueColumn<bool>(stream, name, new DataField<bool>(name, nullable: true), ToBoolean),
            JsonTypes.String when property!.Format == "date-time" => Timestamp(stream, name),
            JsonTypes.String when property!.Format == "date" =>
                new ParquetValueColumn<DateOnly>(stream, name, new DataField<DateOnly>(name, nullable: true), ToDate),
            JsonTypes.String => new ParquetTextColumn(stream, name, json: false),
            _ => new ParquetTextColumn(stream, name, json: true),
        };
    }

    private static ParquetColumn Number(string stream, string name, JsonSchema property)
    {
        if (property.MultipleOf is { } step && ExactNumber.TryDecompose(step, out var parts)
            && ExactNumber.Normalize(parts) is { Unscaled.IsOne: true, Scale: >= 0 } power)
        {
            var scale = power.Scale;
            if (scale > 28)
            {
                throw new SingerException($"stream '{stream}' field '{name}': multipleOf 1e-{scale} needs more than the 28 decimal places Parquet decimals hold here");
            }
            var field = new DecimalDataField(name, DecimalPrecision, scale, forceByteArrayEncoding: false, isNullable: true);
            return new ParquetValueColumn<decimal>(stream, name, field, value => ToDecimal(value, scale));
        }
        return new ParquetValueColumn<double>(stream, name, new DataField<double>(name, nullable: true), ToDouble);
    }

    /// <summary>
    /// INT64, unless the schema's bounds go beyond it (BIGINT UNSIGNED: maximum 18446744073709551615): then
    /// DECIMAL(p, 0) with p the digits of the wider bound (at least 19, at most 38), which every reader takes.
    /// </summary>
    private static ParquetColumn Integer(string stream, string name, JsonSchema property)
    {
        var digits = Math.Max(BoundDigits(property.Minimum), BoundDigits(property.Maximum));
        if (digits == 0)
        {
            return new ParquetValueColumn<long>(stream, name, new DataField<long>(name, nullable: true), ToInt64);
        }
        var precision = Math.Clamp(digits, 19, DecimalPrecision);
        var field = new DecimalDataField(name, precision, 0, forceByteArrayEncoding: false, isNullable: true);
        return new ParquetValueColumn<decimal>(stream, name, field, value => ToWholeDecimal(value, precision));
    }

    /// <summary>0 when the bound is absent or fits INT64; else the digits of its integer part.</summary>
    private static int BoundDigits(object? bound)
    {
        if (bound is null or long || !ExactNumber.TryDecompose(bound, out var parts))
        {
            return 0;
        }
        var (unscaled, scale) = ExactNumber.Normalize(parts);
        var whole = scale <= 0 ? unscaled * BigInteger.Pow(10, -scale) : unscaled / BigInteger.Pow(10, scale);
        return whole >= long.MinValue && whole <= long.MaxValue ? 0 : BigInteger.Abs(whole).ToString(CultureInfo.InvariantCulture).Length;
    }

    private static ParquetValueColumn<DateTime> Timestamp(string stream, string name) =>
        new(stream, name, new DateTimeDataField(name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: true), ToTimestamp);

    private static long ToInt64(object value)
    {
        if (value is long l)
        {
            return l;
        }
        if (ExactNumber.TryDecompose(value, out var parts) && ExactNumber.Normalize(parts) is var (unscaled, scale) && scale <= 0)
        {
            var whole = unscaled * BigInteger.Pow(10, -scale);
            if (whole >= long.MinValue && whole <= long.MaxValue)
            {
                return (long)whole;
            }
        }
        throw new FormatException($"{Literal(value)} is not an integer that fits INT64");
    }

    /// <summary>
    /// The double nearest the number's literal (double.Parse is correctly rounded; going through decimal is off by one
    /// ulp in about one case in seven), sign of zero included. A finite literal beyond a DOUBLE's range, or so close to
    /// zero that it would be stored as 0, fails the run: a DOUBLE column cannot hold it.
    /// </summary>
    private static double ToDouble(object value)
    {
        var literal = value switch
        {
            double d => double.IsFinite(d) ? null : throw new FormatException($"{d} is not a finite number"),
            float f => float.IsFinite(f) ? null : throw new FormatException($"{f} is not a finite number"),
            long l => null,
            BigDecimal bd => bd.Literal,
            _ when ExactNumber.IsNumber(value) => SingerJson.Serialize(value), // the exact digits of a decimal or BigInteger
            _ => throw new FormatException($"{Literal(value)} is not a number"),
        };
        if (literal is null)
        {
            return Convert.ToDouble(value, CultureInfo.InvariantCulture); // long → double rounds correctly; a double stays itself
        }
        var result = double.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (double.IsInfinity(result))
        {
            throw new FormatException($"{Shorten(literal)} is beyond the range of a DOUBLE (±1.7976931348623157e308)");
        }
        if (result == 0 && ExactNumber.TryDecompose(value, out var parts) && !parts.Unscaled.IsZero)
        {
            throw new FormatException($"{Shorten(literal)} is too close to zero for a DOUBLE (it would be stored as 0)");
        }
        return result;
    }

    /// <summary>An integer for a DECIMAL(precision, 0) column: exact, whole, and within its digits.</summary>
    private static decimal ToWholeDecimal(object value, int precision)
    {
        if (value is double or float || !ExactNumber.TryDecompose(value, out var parts) || ExactNumber.Normalize(parts) is not (var unscaled, <= 0 and var scale))
        {
            throw new FormatException($"{Literal(value)} is not an integer");
        }
        var whole = unscaled * BigInteger.Pow(10, -scale);
        if (BigInteger.Abs(whole) >= BigInteger.Pow(10, precision))
        {
            throw new FormatException($"{Literal(value)} does not fit DECIMAL({precision},0)");
        }
        if (!ExactNumber.TryToDecimal(parts, out var result))
        {
            throw new FormatException($"{Literal(value)} has more digits than a Parquet.Net decimal holds exactly (28-29)");
        }
        return result;
    }

    /// <summary>Exact or not at all: a value System.Decimal cannot hold (over 28-29 digits) or with more places than the scale fails the run.</summary>
    private static decimal ToDecimal(object value, int scale)
    {
        if (!ExactNumber.TryDecompose(value, out var parts) || value is double or float)
        {
            throw new FormatException($"{Literal(value)} is not an exact decimal number");
        }
        var (unscaled, places) = ExactNumber.Normalize(parts);
        if (places > scale)
        {
            throw new FormatException($"{Literal(value)} has more than the {scale} decimal places of DECIMAL({DecimalPrecision},{scale})");
        }
        if (BigInteger.Abs(unscaled * BigInteger.Pow(10, scale - places)) >= MaxUnscaled)
        {
            throw new FormatException($"{Literal(value)} does not fit DECIMAL({DecimalPrecision},{scale})");
        }
        if (!ExactNumber.TryToDecimal(parts, out var result))
        {
            throw new FormatException($"{Literal(value)} has more digits than a Parquet.Net decimal holds exactly (28-29)");
        }
        return result;
    }

    private static bool ToBoolean(object value) =>
        value as bool? ?? throw new FormatException($"{Literal(value)} is not a boolean");

    private static DateTime ToTimestamp(object value) =>
        value is string text && FormatChecker.TryParseDateTime(text, out var time)
            ? time.UtcDateTime
            : throw new FormatException($"{Literal(value)} is not a date-time");

    private static DateOnly ToDate(object value) =>
        value is string text && FormatChecker.TryParseDate(text, out var date)
            ? date
            : throw new FormatException($"{Literal(value)} is not a date");

    private static string Literal(object value) => Shorten(SingerJson.Serialize(value));

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
