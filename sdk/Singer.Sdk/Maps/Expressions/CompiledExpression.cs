namespace Singer.Sdk.Maps.Expressions;

/// <summary>An expression bound and compiled once per stream: a delegate over the record's scope and its static type.</summary>
internal sealed record CompiledExpression(string Text, Func<MapScope, object?> Evaluate, StaticType Type);
