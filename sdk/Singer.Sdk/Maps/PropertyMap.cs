using Singer.Sdk.Maps.Expressions;

namespace Singer.Sdk.Maps;

/// <summary>One property of a stream map: removed (<see cref="Expression"/> null) or set from an expression.</summary>
internal sealed record PropertyMap(string Property, CompiledExpression? Expression);
