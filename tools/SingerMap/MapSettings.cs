using Singer.Sdk.Maps;
using Singer.Sdk;

namespace SingerMap;

/// <summary>singer-map's config keys, for --about, required-key checks and secret masking.</summary>
internal static class MapSettings
{
    public static readonly AboutInfo About = new(
        "singer-map",
        "A Singer pipe filter: reads a Singer stream on stdin, applies the configured stream maps and built-ins and writes the stream on stdout, in order.",
        ["about", "stream-maps", "validate-records"],
        [
            .. StreamMapper.Settings(withFlattening: true),
            new("dedupe", "object",
                "Stream name or glob → {\"keep\": \"first\" | \"last\"}: drop records whose key properties repeat within the run. " +
                "\"last\" holds each key's latest record (and the STATE) until the input ends."),
            new("url_parse", "object",
                "Stream name or glob → {property: {\"prefix\": …, \"params\": […]}} (or a list of properties): split a URL into " +
                "<prefix>scheme, <prefix>host, <prefix>path and <prefix>query_<param> fields (the prefix defaults to '<property>_')."),
            new("mask", "object",
                "Stream name or glob → {property: \"hash\" | \"null\" | {\"redact\": N}}: sha256 with mask_salt, null, or all but the last N characters as '*'."),
            new("mask_salt", "string", "The salt prepended to each value the 'hash' mask hashes.", Secret: true),
            new("validate", "object",
                "{\"streams\": [names or globs] (default all), \"reject_file\": path, \"max_rejects\": N}: records that fail their schema go to " +
                "the reject file with line, stream, field and reason instead of stopping the run."),
            new(SingerReader.MaxLineBytesKey, "integer", "Longest input line accepted, in bytes.", Default: SingerReader.DefaultMaxLineBytes),
        ]);
}
