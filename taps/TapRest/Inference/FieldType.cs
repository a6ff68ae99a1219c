using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace TapRest.Inference;

/// <summary>
/// Maps between values, kind sets and JSON Schema types. Widening: integer + number → number, a date-time string
/// with other strings → string, any other mix → string; null never narrows anything (every type is nullable).
/// </summary>
internal static partial class FieldType
{
    /// <summary>RFC 3339 date-time with an offset: what a target can load as a timestamp without guessing a zone.</summary>
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|z|[+-]\d{2}:\d{2})$")]
    private static partial Regex DateTimePattern();

    public static ValueKinds KindOf(object? value) => value switch
    {
        null => ValueKinds.Null,
        bool => ValueKinds.Boolean,
        long or int or BigInteger => ValueKinds.Integer,
        decimal or double or Singer.Sdk.BigDecimal => ValueKinds.Number,
        string s when LooksLikeDateTime(s) && DateTimePattern().IsMatch(s) && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out _) => ValueKinds.DateTime,
        string => ValueKinds.String,
        Dictionary<string, object?> => ValueKinds.Object,
        _ => ValueKinds.Array,
    };

    /// <summary>A cheap first test before the pattern, which would otherwise run on every string of every record.</summary>
    private static bool LooksLikeDateTime(string s) => s.Length >= 20 && s[4] == '-' && s[10] == 'T';

    /// <summary>
    /// <see cref="KindOf"/> of a string given as printable ASCII bytes, without making the string: the usual date-time
    /// (<see cref="IsSurelyDateTime"/>) is told from its bytes, anything shaped like one but unusual goes through the
    /// pattern and the parse as a string.
    /// </summary>
    public static ValueKinds KindOfAscii(ReadOnlySpan<byte> ascii)
    {
        if (ascii.Length < 20 || ascii[4] != '-' || ascii[10] != 'T')
        {
            return ValueKinds.String;
        }
        return IsSurelyDateTime(ascii) ? ValueKinds.DateTime : KindOf(System.Text.Encoding.ASCII.GetString(ascii));
    }

    /// <summary>
    /// True only for what the pattern and <see cref="DateTimeOffset.TryParse(string, IFormatProvider, DateTimeStyles, out DateTimeOffset)"/>
    /// surely both accept: <c>yyyy-MM-ddTHH:mm:ss</c>, 1 to 7 digits of fraction, then <c>Z</c> or an offset of at most
    /// 13:59, a year from 1001 to 9998 (no overflow however the offset moves it) and a day the month has. False says
    /// nothing: the caller asks <see cref="KindOf"/>.
    /// </summary>
    public static bool IsSurelyDateTime(ReadOnlySpan<byte> s)
    {
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':')
        {
            return false;
        }
        int year = Digits(s, 0, 4), month = Digits(s, 5, 2), day = Digits(s, 8, 2);
        int hour = Digits(s, 11, 2), minute = Digits(s, 14, 2), second = Digits(s, 17, 2);
        if (year is < 1001 or > 9998 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour is < 0 or > 23 || minute is < 0 or > 59 || second is < 0 or > 59)
        {
            return false;
        }
        var at = 19;
        if (s[at] == '.')
        {
            var digits = s[(at + 1)..].IndexOfAnyExceptInRange((byte)'0', (byte)'9');
            if (digits is < 1 or > 7)
            {
                return false;
            }
            at += 1 + digits;
        }
        if (at == s.Length - 1)
        {
            return s[at] == 'Z';
        }
        return at == s.Length - 6 && s[at] is (byte)'+' or (byte)'-' && s[at + 3] == ':'
            && Digits(s, at + 1, 2) is >= 0 and <= 13 && Digits(s, at + 4, 2) is >= 0 and <= 59;
    }

    /// <summary>The number written by <paramref name="count"/> ASCII digits at <paramref name="start"/>; -1 if one is not a digit.</summary>
    private static int Digits(ReadOnlySpan<byte> s, int start, int count)
    {
        var value = 0;
        foreach (var b in s.Slice(start, count))
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return -1;
            }
            value = (value * 10) + (b - '0');
        }
        return value;
    }

    /// <summary>The one JSON Schema type (or "date-time", or "any") a set of kinds resolves to.</summary>
    public static string Resolve(ValueKinds kinds)
    {
        if (kinds.HasFlag(ValueKinds.Any))
        {
            return "any";
        }
        return (kinds & ~ValueKinds.Null) switch
        {
            ValueKinds.None => "string",
            ValueKinds.Boolean => "boolean",
            ValueKinds.Integer => "integer",
            ValueKinds.Number or (ValueKinds.Integer | ValueKinds.Number) => "number",
            ValueKinds.DateTime => "date-time",
            ValueKinds.Object => "object",
            ValueKinds.Array => "array",
            _ => "string",
        };
    }

    public static Dictionary<string, object?> Schema(string resolved) => resolved == "date-time"
        ? new Dictionary<string, object?> { ["type"] = new List<object?> { "null", "string" }, ["format"] = "date-time" }
        : new Dictionary<string, object?> { ["type"] = new List<object?> { "null", resolved } };

    /// <summary>The kinds a catalog property's schema allows.</summary>
    public static ValueKinds FromSchema(Dictionary<string, object?> property)
    {
        var types = property.GetValueOrDefault("type") switch
        {
            string one => [one],
            List<object?> many => many.OfType<string>().ToList(),
            _ => [],
        };
        var kinds = ValueKinds.None;
        foreach (var type in types)
        {
            kinds |= type switch
            {
                "null" => ValueKinds.Null,
                "boolean" => ValueKinds.Boolean,
                "integer" => ValueKinds.Integer,
                "number" => ValueKinds.Number,
                "string" when property.GetValueOrDefault("format") as string == "date-time" => ValueKinds.DateTime,
                "string" => ValueKinds.String,
                "object" => ValueKinds.Object,
                "array" => ValueKinds.Array,
                _ => ValueKinds.Any,
            };
        }
        return (kinds & ~ValueKinds.Null) == ValueKinds.None ? ValueKinds.Any : kinds;
    }
}
