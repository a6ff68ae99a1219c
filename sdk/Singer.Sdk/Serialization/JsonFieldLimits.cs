namespace Singer.Sdk;

/// <summary>
/// What a target's reader takes of one property beyond what the schema allows, for a <see cref="JsonRecordTranscoder"/>
/// whose output another program reads (a database's JSON import, say): a value of another type, or a number too long,
/// sends the record the ordinary way; <see cref="QuoteNumbers"/> writes numbers as strings of their literal, for a
/// reader that would otherwise take them as floats.
/// </summary>
public sealed record JsonFieldLimits
{
    public static readonly JsonFieldLimits None = new();

    /// <summary>Only null, for a property whose values the reader cannot take as they are written.</summary>
    public static readonly JsonFieldLimits NullOnly = new() { Accepts = JsonTypes.Null };

    /// <summary>
    /// The types taken, read as the schema's <c>type</c> keyword reads: <see cref="JsonTypes.None"/> takes any,
    /// <see cref="JsonTypes.Number"/> takes integers too, <see cref="JsonTypes.Integer"/> only literals without a point.
    /// </summary>
    public JsonTypes Accepts { get; init; } = JsonTypes.None;

    /// <summary>Numbers are written as JSON strings holding their literal: 1.50 as "1.50".</summary>
    public bool QuoteNumbers { get; init; }

    /// <summary>A number with more digits than this before its point (or in all, for an integer) is declined.</summary>
    public int MaxIntegerDigits { get; init; } = int.MaxValue;

    /// <summary>A number literal longer than this (sign, point and all) is declined: 0.000…1 can be too small for a reader's float.</summary>
    public int MaxLength { get; init; } = int.MaxValue;

    internal bool Takes(JsonTypes type) => Accepts == JsonTypes.None || (Accepts & type) != 0;

    /// <summary>True when a number literal (no exponent: the rules decline those first) is of a type and length taken.</summary>
    internal bool TakesNumber(ReadOnlySpan<byte> literal)
    {
        var dot = literal.IndexOf((byte)'.');
        if (!Takes(dot < 0 ? JsonTypes.Integer | JsonTypes.Number : JsonTypes.Number))
        {
            return false;
        }
        var integerDigits = (dot < 0 ? literal.Length : dot) - (literal[0] == '-' ? 1 : 0);
        return integerDigits <= MaxIntegerDigits && literal.Length <= MaxLength;
    }
}
