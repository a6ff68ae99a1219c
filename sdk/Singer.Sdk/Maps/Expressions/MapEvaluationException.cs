namespace Singer.Sdk.Maps.Expressions;

/// <summary>
/// An expression failed on a record (<c>int('x')</c>, a missing key, a division by zero). The message reads like
/// Python's (<c>ValueError: …</c>); the stream map adds the stream and property.
/// </summary>
internal sealed class MapEvaluationException(string message) : Exception(message)
{
    public static MapEvaluationException Type(string problem) => new($"TypeError: {problem}");

    public static MapEvaluationException Value(string problem) => new($"ValueError: {problem}");
}
