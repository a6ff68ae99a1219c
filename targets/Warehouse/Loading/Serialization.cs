using System.Globalization;
using Singer.Sdk;

namespace Warehouse;

/// <summary>Short descriptions of values for error messages.</summary>
internal static class Serialization
{
    public static string Describe(object? value) => value switch
    {
        null => "null",
        string s => $"\"{(s.Length > 40 ? s[..40] + "…" : s)}\"",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => SingerJson.Serialize(value) is var json && json.Length > 40 ? json[..40] + "…" : SingerJson.Serialize(value),
    };
}
