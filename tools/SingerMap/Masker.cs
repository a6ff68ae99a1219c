using System.Security.Cryptography;
using System.Text;
using Singer.Sdk;

namespace SingerMap;

/// <summary>
/// The mask built-in: a property's value hashed (sha256 of the salt then the value's text, lowercase hex), redacted
/// (every character but the last N replaced by '*'; all of them when the value is no longer than N, so a short value
/// is never shown whole) or nulled. Null stays null. The value's text is the string itself, or the JSON of any other
/// value (42, true, {"a":1}).
/// </summary>
internal sealed class Masker(IReadOnlyList<MaskRule> rules, string? salt)
{
    private readonly byte[] _salt = Encoding.UTF8.GetBytes(salt ?? "");

    public IReadOnlyList<MaskRule> Rules => rules;

    public void Apply(Dictionary<string, object?> record)
    {
        foreach (var rule in rules)
        {
            if (record.TryGetValue(rule.Property, out var value) && value is not null)
            {
                record[rule.Property] = rule.Action switch
                {
                    MaskAction.Hash => Hash(Text(value)),
                    MaskAction.Redact => Redact(Text(value), rule.KeepLast),
                    _ => null,
                };
            }
        }
    }

    /// <summary>
    /// The schema of a masked property: a string (a null mask: always null), nullable when the property was; the
    /// format, length limits, pattern and enum of the original no longer hold, so none of them is kept.
    /// </summary>
    public static Dictionary<string, object?> MaskedSchema(object? original, MaskAction action)
    {
        var nullable = action == MaskAction.Null || JsonSchema.Parse(original as Dictionary<string, object?> ?? []).AllowsNull;
        var schema = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["type"] = nullable ? new List<object?> { "string", "null" } : "string",
        };
        if (original is Dictionary<string, object?> { } properties && properties.GetValueOrDefault("description") is string description)
        {
            schema["description"] = description;
        }
        return schema;
    }

    private string Hash(string text)
    {
        var bytes = new byte[_salt.Length + Encoding.UTF8.GetByteCount(text)];
        _salt.CopyTo(bytes, 0);
        Encoding.UTF8.GetBytes(text, 0, text.Length, bytes, _salt.Length);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    private static string Redact(string text, int keepLast)
    {
        var runes = text.EnumerateRunes().ToList();
        var hidden = runes.Count <= keepLast ? runes.Count : runes.Count - keepLast;
        var result = new StringBuilder(text.Length);
        result.Append('*', hidden);
        foreach (var rune in runes.Skip(hidden))
        {
            result.Append(rune.ToString());
        }
        return result.ToString();
    }

    private static string Text(object value) => value as string ?? SingerJson.Serialize(value);
}
