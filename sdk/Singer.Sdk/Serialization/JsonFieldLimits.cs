namespace Singer.Sdk;

/// <summary>The kinds of JSON value, as a transcoder tells them apart: a number with a point is a fraction.</summary>
[Flags]
public enum JsonValueKinds
{
    None = 0,
    Null = 1,
    Boolean = 2,
    Integer = 4,
    Fraction = 8,
    String = 16,
    Number = Integer | Fraction,
    Any = Null | Boolean | Number | String,
}

/// <summary>
/// What a target's reader takes of one property beyond what the schema allows, for a <see cref="JsonRecordTranscoder"/>
/// whose output another program reads (a database's JSON import, say): a value of another kind, or a number too long,
/// sends the record the ordinary way; <see cref="QuoteNumbers"/> writes numbers as strings of their literal, for a
/// reader that would otherwise take them as floats.
/// </summary>
public sealed record JsonFieldLimits
{
    public static readonly JsonFieldLimits None = new();

    /// <summary>Only null, for a property whose values the reader cannot take as they are written.</summary>
    public static readonly JsonFieldLimits NullOnly = new() { Accepts = JsonValueKinds.Null };

    public JsonValueKinds Accepts { get; init; } = JsonValueKinds.Any;

    /// <summary>Numbers are written as JSON strings holding their literal: 1.50 as "1.50".</summary>
    public bool QuoteNumbers { get; init; }

    /// <summary>A number with more digits than this before its point (or in all, for an integer) is declined.</summary>
    public int MaxIntegerDigits { get; init; } = int.MaxValue;

    /// <summary>True when a number literal (no exponent: the rules decline those first) is of a kind and length taken.</summary>
    internal bool TakesNumber(ReadOnlySpan<byte> literal)
    {
        var dot = literal.IndexOf((byte)'.');
        if ((Accepts & (dot < 0 ? JsonValueKinds.Integer : JsonValueKinds.Fraction)) == 0)
        {
            return false;
        }
        var integerDigits = (dot < 0 ? literal.Length : dot) - (literal[0] == '-' ? 1 : 0);
        return integerDigits <= MaxIntegerDigits;
    }
}
