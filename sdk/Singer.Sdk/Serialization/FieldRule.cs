using System.Buffers.Text;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Singer.Sdk.Serialization;

/// <summary>
/// One top-level property of a schema, compiled for checking values as JSON tokens. It answers "certainly valid" or
/// "not sure"; never "invalid": a value it is not sure of sends the record down the ordinary path, where
/// <see cref="SchemaValidator"/> decides and words the error. So every rule here must be implied by that validator.
/// </summary>
internal sealed class FieldRule
{
    private const int NoMultipleOf = -1;
    private const int UncheckedMultipleOf = -2;

    private readonly bool _null;
    private readonly bool _boolean;
    private readonly bool _integer;
    private readonly bool _number;
    private readonly bool _string;
    private readonly bool _opaque; // enum, anyOf: always the ordinary path
    private readonly int? _maxLength;
    private readonly int? _minLength;
    private readonly Format _format;

    /// <summary>The formats the validator checks (<see cref="FormatChecker"/>); it checks no other.</summary>
    private enum Format
    {
        None,
        DateTime,
        Date,
        Time,
        Unchecked,
    }
    private readonly int _maxScale = NoMultipleOf;
    private readonly bool _hasBounds;
    private readonly bool _boundsUnchecked;
    private readonly decimal _minimum = decimal.MinValue;
    private readonly decimal _maximum = decimal.MaxValue;
    private readonly bool _minimumIsExclusive;
    private readonly bool _maximumIsExclusive;

    public FieldRule(string name, JsonSchema schema, JavaScriptEncoder encoder, int index)
    {
        Name = name;
        Index = index;
        NameUtf8 = Encoding.UTF8.GetBytes(name);
        EncodedName = Encoding.UTF8.GetBytes("\"" + JsonEncodedText.Encode(name, encoder).Value + "\":");
        EncodedNameAfterComma = [(byte)',', .. EncodedName];
        var any = schema.Types == JsonTypes.None;
        _null = schema.AllowsNull;
        _boolean = any || schema.Types.HasFlag(JsonTypes.Boolean);
        _integer = any || (schema.Types & (JsonTypes.Integer | JsonTypes.Number)) != 0;
        _number = any || schema.Types.HasFlag(JsonTypes.Number);
        _string = any || schema.Types.HasFlag(JsonTypes.String);
        _opaque = schema.AnyOf is not null || schema.Enum is not null;
        _format = schema.Format switch
        {
            null => Format.None,
            "date-time" => Format.DateTime,
            "date" => Format.Date,
            "time" => Format.Time,
            _ => Format.Unchecked,
        };
        _maxLength = schema.MaxLength;
        _minLength = schema.MinLength;
        if (schema.MultipleOf is { } divisor)
        {
            _maxScale = DecimalPlaces(divisor);
        }
        if (schema.Minimum is not null || schema.Maximum is not null)
        {
            _hasBounds = true;
            _boundsUnchecked = (schema.Minimum is { } min && !ExactNumber.TryToDecimal(min, out _minimum))
                || (schema.Maximum is { } max && !ExactNumber.TryToDecimal(max, out _maximum));
            _minimumIsExclusive = schema.MinimumIsExclusive;
            _maximumIsExclusive = schema.MaximumIsExclusive;
        }
    }

    public string Name { get; }

    /// <summary>The property's place in the schema.</summary>
    public int Index { get; }

    /// <summary>The name as it appears, unescaped, in the input.</summary>
    public byte[] NameUtf8 { get; }

    /// <summary><c>"name":</c> as the output writes it.</summary>
    public byte[] EncodedName { get; }

    /// <summary><c>,"name":</c>: the name after another member.</summary>
    public byte[] EncodedNameAfterComma { get; }

    /// <summary>The record count when this property was last seen: a property seen twice in one record is the ordinary path's business.</summary>
    public long SeenIn { get; set; } = -1;

    public bool AcceptsNull => _null && !_opaque;

    public bool AcceptsBoolean => _boolean && !_opaque;

    /// <summary>True when a number literal certainly passes: no exponent, not negative zero, within type, multipleOf and bounds.</summary>
    public bool AcceptsNumber(ReadOnlySpan<byte> literal)
    {
        if (_opaque || literal.IndexOfAny((byte)'e', (byte)'E') >= 0 || IsNegativeZero(literal) || _maxScale == UncheckedMultipleOf)
        {
            return false;
        }
        var dot = literal.IndexOf((byte)'.');
        if (dot >= 0 ? !_number : !_integer)
        {
            return false; // 1.0 for an integer: the validator decides
        }
        if (_maxScale >= 0 && dot >= 0 && literal.Length - dot - 1 > _maxScale)
        {
            return false;
        }
        return !_hasBounds || WithinBounds(literal, dot >= 0);
    }

    /// <summary>True when a string certainly passes; <paramref name="plain"/> tells the caller its bytes can be copied as they are.</summary>
    public bool AcceptsString(ref Utf8JsonReader reader, out bool plain)
    {
        plain = false;
        if (!_string || _opaque || reader.HasValueSequence)
        {
            return false;
        }
        var raw = reader.ValueSpan;
        // Printable ASCII without escapes: one byte per character, and written back exactly as it came.
        plain = !reader.ValueIsEscaped && CanonicalJson.IsPrintableAscii(raw);
        if (plain)
        {
            return AcceptsPlainString(raw);
        }
        if (_maxLength is { } max && raw.Length > max)
        {
            return false; // a character takes at least one byte, so within max bytes is within max characters
        }
        return _minLength is null && _format is Format.None or Format.Unchecked;
    }

    /// <summary>True when a string of printable ASCII without escapes (<paramref name="text"/>, one byte per character) certainly passes.</summary>
    public bool AcceptsPlainString(ReadOnlySpan<byte> text)
    {
        if (!_string || _opaque || (_maxLength is { } max && text.Length > max) || (_minLength is { } min && text.Length < min))
        {
            return false;
        }
        return _format switch
        {
            Format.DateTime => FormatChecker.IsCanonicalDateTime(text),
            Format.Date => FormatChecker.IsDate(text),
            Format.Time => false,
            _ => true, // none, or one the validator does not check
        };
    }

    /// <summary>-0 and -0.00 are written back as 0 and 0.00 by the ordinary path.</summary>
    private static bool IsNegativeZero(ReadOnlySpan<byte> literal) =>
        literal.StartsWith("-0"u8) && literal[1..].IndexOfAnyExcept((byte)'0', (byte)'.') < 0;

    private bool WithinBounds(ReadOnlySpan<byte> literal, bool fraction)
    {
        if (_boundsUnchecked)
        {
            return false;
        }
        decimal value;
        if (!fraction && Utf8Parser.TryParse(literal, out long integer, out var used) && used == literal.Length)
        {
            value = integer;
        }
        else if (fraction && JsonValueReader.FitsDecimalExactly(literal) && Utf8Parser.TryParse(literal, out decimal d, out used) && used == literal.Length)
        {
            value = d;
        }
        else
        {
            return false;
        }
        var aboveMinimum = _minimumIsExclusive ? value > _minimum : value >= _minimum;
        var belowMaximum = _maximumIsExclusive ? value < _maximum : value <= _maximum;
        return aboveMinimum && belowMaximum;
    }

    /// <summary>k when the divisor is 10^-k (0.01 → 2, 1 → 0): a literal with at most k decimals is then a multiple.</summary>
    private static int DecimalPlaces(object divisor)
    {
        if (!ExactNumber.TryToDecimal(divisor, out var d) || d <= 0)
        {
            return UncheckedMultipleOf;
        }
        for (var k = 0; k <= 28; k++)
        {
            if (d == 1m / Pow10(k))
            {
                return k;
            }
        }
        return UncheckedMultipleOf;
    }

    private static decimal Pow10(int k)
    {
        var result = 1m;
        for (var i = 0; i < k; i++)
        {
            result *= 10;
        }
        return result;
    }
}
