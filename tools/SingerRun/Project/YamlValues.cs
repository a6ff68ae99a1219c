using System.Globalization;
using Singer.Sdk;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SingerRun.Project;

/// <summary>
/// YAML nodes as the plain values the rest of singer-run (and SingerJson) uses: mappings as dictionaries, sequences as
/// lists, plain scalars resolved as YAML 1.2's core schema (null, true/false, integers as long, other numbers as exact
/// decimals), quoted scalars always strings.
/// </summary>
internal static class YamlValues
{
    public static YamlMappingNode LoadMapping(string text, string where)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new ConfigurationException($"{where} is not valid YAML (line {ex.Start.Line}, column {ex.Start.Column}): {ex.Message}", ex);
        }
        if (stream.Documents.Count == 0)
        {
            return new YamlMappingNode();
        }
        return stream.Documents[0].RootNode as YamlMappingNode
            ?? throw new ConfigurationException($"{where} must be a YAML mapping (plugins:, jobs:, …)");
    }

    public static object? ToValue(YamlNode node) => node switch
    {
        YamlMappingNode mapping => ToDictionary(mapping),
        YamlSequenceNode sequence => sequence.Children.Select(ToValue).ToList(),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    public static Dictionary<string, object?> ToDictionary(YamlMappingNode mapping)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Children)
        {
            values[Key(key)] = ToValue(value);
        }
        return values;
    }

    public static string Key(YamlNode key) => (key as YamlScalarNode)?.Value ?? key.ToString();

    private static object? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any))
        {
            return text;
        }
        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => true,
            "false" or "False" or "FALSE" => false,
            _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) => integer,
            _ when System.Text.RegularExpressions.Regex.IsMatch(text, @"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
                && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => number,
            _ => text,
        };
    }

    /// <summary>The text of a scalar the project needs as a string (a name, a URI), or an error naming where.</summary>
    public static string? Text(YamlNode? node, string where) => node switch
    {
        null => null,
        YamlScalarNode scalar => Scalar(scalar) is null ? null : scalar.Value,
        _ => throw new ConfigurationException($"{where} must be a string"),
    };

    public static YamlNode? Get(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;
}
