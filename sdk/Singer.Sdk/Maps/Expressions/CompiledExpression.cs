namespace Singer.Sdk.Maps.Expressions;

/// <summary>
/// An expression bound and compiled once per stream: a delegate over the record's scope and its static type.
/// <see cref="References"/> names the record properties it reads (by name, <c>self</c>, <c>record['x']</c> or
/// <c>record.get('x')</c>); null when it uses the record as a whole, so it needs every property parsed.
/// </summary>
internal sealed record CompiledExpression(string Text, Func<MapScope, object?> Evaluate, StaticType Type, IReadOnlySet<string>? References = null);
