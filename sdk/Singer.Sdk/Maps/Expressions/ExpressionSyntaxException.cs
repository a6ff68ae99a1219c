namespace Singer.Sdk.Maps.Expressions;

/// <summary>An expression that cannot be parsed or bound: the stream map reports it with its stream, property and <see cref="Column"/>.</summary>
internal sealed class ExpressionSyntaxException(int column, string problem) : Exception(problem)
{
    /// <summary>1-based column in the expression text.</summary>
    public int Column { get; } = column;
}
