using Singer.Sdk;

namespace SingerRun.Project;

/// <summary>
/// An extractor's <c>select</c> and <c>metadata</c> applied to a discovered catalog as Meltano applies them: first
/// <c>!*.*</c> (nothing selected), then the select patterns (inclusions, then exclusions), then the metadata overrides;
/// later rules win. A rule matches a stream when its pattern (a glob) matches the tap_stream_id, and a metadata entry
/// when its breadcrumb joined with '.' matches the rule's joined breadcrumb (so <c>*</c> also reaches nested properties).
/// </summary>
internal static class CatalogRules
{
    /// <summary>One rule: set <paramref name="Key"/> to <paramref name="Value"/> where stream and breadcrumb match.</summary>
    internal sealed record Rule(string StreamPattern, IReadOnlyList<string> Breadcrumb, string Key, object? Value)
    {
        private readonly System.Text.RegularExpressions.Regex _stream = NamePattern.ToRegex(StreamPattern);
        private readonly System.Text.RegularExpressions.Regex _breadcrumb = NamePattern.ToRegex(string.Join('.', Breadcrumb));

        public bool Matches(string tapStreamId, Breadcrumb breadcrumb) =>
            _stream.IsMatch(tapStreamId) && _breadcrumb.IsMatch(string.Join('.', breadcrumb.Parts));
    }

    /// <summary>The select patterns Meltano uses when an extractor has none: everything.</summary>
    public static readonly IReadOnlyList<string> SelectAll = ["*.*"];

    public static void Apply(Catalog catalog, IReadOnlyList<string> select, Dictionary<string, object?> metadata)
    {
        var rules = new List<Rule>();
        rules.AddRange(SelectRules(["!*.*"]));
        rules.AddRange(SelectRules(select));
        rules.AddRange(MetadataRules(metadata));
        foreach (var stream in catalog.Streams)
        {
            EnsureMetadata(stream, Breadcrumb.Stream);
            EnsureProperties(stream, stream.Schema, []);
            foreach (var (breadcrumb, values) in stream.Metadata.Entries.ToList())
            {
                foreach (var rule in rules.Where(rule => rule.Matches(stream.TapStreamId, breadcrumb)))
                {
                    // Meltano: an unsupported property cannot be selected.
                    if (rule.Key == "selected" && rule.Value is true && values.GetValueOrDefault("inclusion") is "unsupported")
                    {
                        continue;
                    }
                    stream.Metadata.Set(breadcrumb, rule.Key, rule.Value);
                }
            }
        }
    }

    /// <summary>Meltano's select_metadata_rules: <c>stream</c> (as <c>stream.*</c>), <c>stream.prop.sub</c>, <c>!…</c> exclusions after the inclusions.</summary>
    public static List<Rule> SelectRules(IEnumerable<string> patterns)
    {
        var include = new List<Rule>();
        var exclude = new List<Rule>();
        foreach (var raw in patterns)
        {
            var negated = raw.StartsWith('!');
            var pattern = negated ? raw[1..] : raw;
            var dot = pattern.IndexOf('.', StringComparison.Ordinal);
            var stream = dot < 0 ? pattern : pattern[..dot];
            var property = dot < 0 ? null : pattern[(dot + 1)..];
            var rules = negated ? exclude : include;
            if (property is null or "")
            {
                rules.Add(Select(stream, [], !negated));
                rules.Add(Select(stream, ["*"], !negated));
                continue;
            }
            if (!negated || property == "*")
            {
                rules.Add(Select(stream, [], !negated));
            }
            var props = property.Split('.');
            rules.Add(Select(stream, props, !negated));
            if (!negated)
            {
                // A selected sub-property selects its parents.
                for (var i = 1; i < props.Length; i++)
                {
                    rules.Add(Select(stream, props[..i], true));
                }
            }
        }
        return [.. include, .. exclude];
    }

    private static Rule Select(string stream, string[] properties, bool value) => new(stream, PropertyBreadcrumb(properties), "selected", value);

    /// <summary>
    /// Meltano's config_metadata_rules: <c>metadata: {STREAM_GLOB: {KEY: VALUE, PROP: {KEY: VALUE}, properties: {PROP: {KEY: VALUE}}}}</c>,
    /// flattened to <c>stream.prop….key</c>.
    /// </summary>
    public static List<Rule> MetadataRules(Dictionary<string, object?> metadata)
    {
        var rules = new List<Rule>();
        foreach (var (stream, value) in metadata)
        {
            if (value is not Dictionary<string, object?> entries)
            {
                throw new ConfigurationException($"metadata of '{stream}' must be a mapping of metadata keys (replication-method: …)");
            }
            Flatten(entries, [], (path, leaf) => rules.Add(new Rule(stream, PropertyBreadcrumb(path[..^1]), path[^1], leaf)));
        }
        return rules;
    }

    private static void Flatten(Dictionary<string, object?> node, List<string> path, Action<string[], object?> leaf)
    {
        foreach (var (key, value) in node)
        {
            path.Add(key);
            if (value is Dictionary<string, object?> child)
            {
                Flatten(child, path, leaf);
            }
            else
            {
                leaf([.. path], value);
            }
            path.RemoveAt(path.Count - 1);
        }
    }

    private static string[] PropertyBreadcrumb(string[] props) =>
        props.Length >= 2 && props[0] == "properties" ? props : [.. props.SelectMany(p => new[] { "properties", p })];

    /// <summary>Meltano's ensure_metadata: a property without a metadata entry gets one (automatic at the top, available nested).</summary>
    private static void EnsureProperties(CatalogEntry stream, Dictionary<string, object?> schema, List<string> path)
    {
        if (schema.GetValueOrDefault("properties") is not Dictionary<string, object?> properties)
        {
            return;
        }
        foreach (var (name, value) in properties)
        {
            path.Add("properties");
            path.Add(name);
            EnsureMetadata(stream, new Breadcrumb(path));
            if (value is Dictionary<string, object?> child)
            {
                EnsureProperties(stream, child, path);
            }
            path.RemoveRange(path.Count - 2, 2);
        }
    }

    private static void EnsureMetadata(CatalogEntry stream, Breadcrumb breadcrumb)
    {
        if (!stream.Metadata.Has(breadcrumb))
        {
            stream.Metadata.Set(breadcrumb, "inclusion", breadcrumb.Parts.Count <= 2 ? "automatic" : "available");
        }
    }
}
