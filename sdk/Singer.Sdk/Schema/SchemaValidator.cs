using System.Globalization;
using Singer.Sdk.Serialization;

namespace Singer.Sdk;

/// <summary>
/// Checks values against a <see cref="JsonSchema"/> and reports the first problem with its field path.
/// Numbers are compared in exact decimal arithmetic (see <see cref="ExactNumber"/>).
/// </summary>
public static class SchemaValidator
{
    public static ValidationError? Validate(JsonSchema schema, object? value) => Check(schema, value, "");

    private static ValidationError? Check(JsonSchema schema, object? value, string path)
    {
        if (schema.AnyOf is { } branches)
        {
            var firstError = default(ValidationError);
            foreach (var branch in branches)
            {
                var error = Check(branch, value, path);
                if (error is null)
                {
                    return null;
                }
                firstError ??= error;
            }
            return firstError is null ? null : new ValidationError(path, $"matches none of the anyOf schemas (first: {firstError.Message})");
        }
        if (value is null)
        {
            return schema.AllowsNull ? null : new ValidationError(path, "null is not allowed");
        }
        var kind = KindOf(value);
        if (schema.Types != JsonTypes.None && !Accepts(schema.Types, kind, value))
        {
            return new ValidationError(path, $"expected {Describe(schema.Types)}, got {MessageFields.Describe(value)}");
        }
        return kind switch
        {
            JsonTypes.String => CheckString(schema, value, path),
            JsonTypes.Number or JsonTypes.Integer => CheckNumber(schema, value, path),
            JsonTypes.Object when value is Dictionary<string, object?> map => CheckObject(schema, map, path),
            JsonTypes.Array when value is List<object?> list => CheckArray(schema, list, path),
            _ => CheckEnum(schema, value, path),
        };
    }

    private static JsonTypes KindOf(object value) => value switch
    {
        bool => JsonTypes.Boolean,
        string or DateTimeOffset or DateTime or DateOnly or TimeOnly or byte[] => JsonTypes.String,
        Dictionary<string, object?> => JsonTypes.Object,
        List<object?> => JsonTypes.Array,
        _ when ExactNumber.IsNumber(value) => ExactNumber.IsInteger(value) ? JsonTypes.Integer : JsonTypes.Number,
        _ => JsonTypes.None,
    };

    private static bool Accepts(JsonTypes allowed, JsonTypes kind, object value) => kind switch
    {
        JsonTypes.Integer => (allowed & (JsonTypes.Integer | JsonTypes.Number)) != 0,
        JsonTypes.Number => allowed.HasFlag(JsonTypes.Number),
        JsonTypes.None => false,
        _ => allowed.HasFlag(kind) && value is not null,
    };

    private static ValidationError? CheckString(JsonSchema schema, object value, string path)
    {
        if (value is not string text)
        {
            return null;
        }
        if (schema.MaxLength is { } max || schema.MinLength is not null)
        {
            var length = CodePoints(text);
            if (schema.MaxLength is { } maxLength && length > maxLength)
            {
                return new ValidationError(path, $"string of {length} characters is longer than maxLength {maxLength}");
            }
            if (schema.MinLength is { } minLength && length < minLength)
            {
                return new ValidationError(path, $"string of {length} characters is shorter than minLength {minLength}");
            }
        }
        if (schema.Format is { } format && !FormatChecker.IsValid(format, text))
        {
            return new ValidationError(path, $"{MessageFields.Describe(text)} is not a valid {format}");
        }
        return CheckEnum(schema, value, path);
    }

    private static ValidationError? CheckNumber(JsonSchema schema, object value, string path)
    {
        if (schema.MultipleOf is { } divisor && !ExactNumber.IsMultipleOf(value, divisor))
        {
            return new ValidationError(path, $"{Text(value)} is not a multiple of {Text(divisor)}");
        }
        if (schema.Minimum is { } minimum)
        {
            var order = ExactNumber.Compare(value, minimum);
            if (order < 0 || (order == 0 && schema.MinimumIsExclusive))
            {
                return new ValidationError(path, $"{Text(value)} is less than the {(schema.MinimumIsExclusive ? "exclusive " : "")}minimum {Text(minimum)}");
            }
        }
        if (schema.Maximum is { } maximum)
        {
            var order = ExactNumber.Compare(value, maximum);
            if (order > 0 || (order == 0 && schema.MaximumIsExclusive))
            {
                return new ValidationError(path, $"{Text(value)} is greater than the {(schema.MaximumIsExclusive ? "exclusive " : "")}maximum {Text(maximum)}");
            }
        }
        return CheckEnum(schema, value, path);
    }

    private static ValidationError? CheckObject(JsonSchema schema, Dictionary<string, object?> map, string path)
    {
        foreach (var name in schema.Required)
        {
            if (!map.ContainsKey(name))
            {
                return new ValidationError(Join(path, name), "required field is missing");
            }
        }
        if (schema.Properties is null)
        {
            return null;
        }
        foreach (var (name, child) in map)
        {
            if (schema.Properties.TryGetValue(name, out var childSchema) && Check(childSchema, child, Join(path, name)) is { } error)
            {
                return error;
            }
        }
        return null;
    }

    private static ValidationError? CheckArray(JsonSchema schema, List<object?> list, string path)
    {
        if (schema.Items is null)
        {
            return null;
        }
        for (var i = 0; i < list.Count; i++)
        {
            if (Check(schema.Items, list[i], $"{path}[{i}]") is { } error)
            {
                return error;
            }
        }
        return null;
    }

    private static ValidationError? CheckEnum(JsonSchema schema, object value, string path)
    {
        if (schema.Enum is not { } allowed || allowed.Any(a => SameValue(a, value)))
        {
            return null;
        }
        return new ValidationError(path, $"{MessageFields.Describe(value)} is not one of the enum values");
    }

    private static bool SameValue(object? allowed, object value) =>
        ExactNumber.IsNumber(allowed) && ExactNumber.IsNumber(value)
            ? ExactNumber.Compare(allowed!, value) == 0
            : Equals(allowed, value);

    private static int CodePoints(string text)
    {
        var surrogatePairs = 0;
        foreach (var c in text)
        {
            if (char.IsHighSurrogate(c))
            {
                surrogatePairs++;
            }
        }
        return text.Length - surrogatePairs;
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    private static string Text(object number) => number is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : number.ToString() ?? "";

    private static string Describe(JsonTypes types)
    {
        var names = Enum.GetValues<JsonTypes>()
            .Where(t => t != JsonTypes.None && types.HasFlag(t))
            .Select(t => t.ToString().ToLowerInvariant());
        return string.Join(" or ", names);
    }
}
