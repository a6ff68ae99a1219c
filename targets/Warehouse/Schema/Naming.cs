using System.Text;

namespace Warehouse;

/// <summary>
/// Source names to warehouse identifiers, as the pipelinewise targets make them: lower case, anything
/// but a-z, 0-9 and _ becomes _, a leading digit gets a _ in front. Streams named
/// <c>schema-table</c> (or <c>catalog-schema-table</c>) give the source schema for schema_mapping.
/// </summary>
public static class Naming
{
    public const int MaxLength = 63;

    public static string Identifier(string name)
    {
        var text = new StringBuilder(name.Length + 1);
        foreach (var c in name.ToLowerInvariant())
        {
            text.Append(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_' ? c : '_');
        }
        if (text.Length == 0 || char.IsAsciiDigit(text[0]))
        {
            text.Insert(0, '_');
        }
        return text.Length > MaxLength ? text.ToString(0, MaxLength) : text.ToString();
    }

    /// <summary>The source schema (null when the stream name has none) and the table a stream loads into.</summary>
    public static (string? SourceSchema, string Table) Stream(string stream)
    {
        var parts = stream.Split('-');
        return parts.Length switch
        {
            1 => (null, Identifier(stream)),
            2 => (parts[0], Identifier(parts[1])),
            _ => (parts[1], Identifier(string.Join('_', parts[2..]))),
        };
    }
}
