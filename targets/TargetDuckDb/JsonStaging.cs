using System.Text.Encodings.Web;
using Singer.Sdk;
using Warehouse;

namespace TargetDuckDb;

/// <summary>
/// How batches reach DuckDB: as newline-delimited JSON files that DuckDB's own reader loads, a chunk at a time, into
/// the batch's staging table (see <see cref="DuckDbStagedBatch"/>). Records go there as the parsing thread wrote them (<see cref="JsonRecordTranscoder"/>
/// with the limits below), so that every value DuckDB reads is exactly the one the ordinary path would load:
/// - numbers of a DECIMAL column are written as strings and read as DECIMAL(18,s) — DuckDB reads JSON numbers as
///   doubles, and casts text to DECIMAL(38,s) ten times slower than to DECIMAL(18,s) — so a number with more than
///   18-s integer digits goes the ordinary way (to the column's text twin); a DOUBLE column's numbers are quoted too,
///   so the text is rounded to a double once;
/// - a DOUBLE column takes numbers of at most 300 characters, so none of them is out of a double's range;
/// - a BIGINT takes integers of up to 18 digits (the reader's integer parse is exact for those);
/// - a text column takes strings only (the ordinary path writes a number there as its literal, which a float read would not);
/// - JSON and TIME columns take only null: their values are written by the ordinary path.
/// </summary>
internal static class JsonStaging
{
    /// <summary>Widest DECIMAL DuckDB keeps in 64 bits: staged at this width, cast to DECIMAL(38,s) by the merge.</summary>
    public const int NarrowDecimalDigits = 18;

    /// <summary>
    /// Longest DOUBLE literal taken (exponents are never taken): 28 integer digits stay far below a double's largest,
    /// and 0.000…1 in 300 characters (1e-298) above its smallest normal one, so no taken number becomes Infinity or 0;
    /// longer ones go the ordinary way, which refuses those that would (<see cref="DuckDbNumberLimits"/>).
    /// </summary>
    public const int DoubleMaxLength = 300;

    public static readonly JavaScriptEncoder Escaping = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>
    /// The transcoder for a stream, or null when its schema is not one the transcoder checks, or has no properties (a
    /// DuckDB STRUCT needs a field) or one named "" (a field needs a name).
    /// </summary>
    public static JsonRecordTranscoder? TranscoderFor(SchemaMessage schema)
    {
        var properties = schema.ParsedSchema.Properties;
        if (properties is null || properties.Count == 0 || properties.Keys.Any(p => p.Length == 0))
        {
            return null;
        }
        return JsonRecordTranscoder.For(schema.ParsedSchema, Escaping, name => LimitsFor(SqlTypeMap.Map(properties[name])));
    }

    /// <summary>What the JSON of a column of this (stream) type may hold; see the class summary.</summary>
    public static JsonFieldLimits LimitsFor(SqlType type) => type.Kind switch
    {
        SqlKind.BigInt => new() { Accepts = JsonTypes.Null | JsonTypes.Integer, MaxIntegerDigits = NarrowDecimalDigits },
        SqlKind.Numeric when IsNarrowDecimal(type) => new()
        {
            Accepts = JsonTypes.Null | JsonTypes.Number, QuoteNumbers = true, MaxIntegerDigits = NarrowDecimalDigits - type.Scale!.Value,
        },
        SqlKind.Double or SqlKind.Numeric when type.Scale is null => new()
        {
            Accepts = JsonTypes.Null | JsonTypes.Number, QuoteNumbers = true, MaxIntegerDigits = 28, MaxLength = DoubleMaxLength,
        },
        SqlKind.Boolean => new() { Accepts = JsonTypes.Null | JsonTypes.Boolean },
        SqlKind.Text or SqlKind.Timestamp or SqlKind.Date => new() { Accepts = JsonTypes.Null | JsonTypes.String },
        _ => JsonFieldLimits.NullOnly,
    };

    /// <summary>A DECIMAL whose staged values fit 64 bits: DECIMAL(18,s).</summary>
    public static bool IsNarrowDecimal(SqlType type) => type is { Kind: SqlKind.Numeric, Scale: <= NarrowDecimalDigits };
}
