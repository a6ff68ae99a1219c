namespace Singer.Sdk.Maps.Expressions;

// The expression tree: one small record per node kind. Column is where the node starts in the expression text
// (1-based), so an error found while binding can point at it.

internal abstract record Node(int Column);

internal sealed record LiteralNode(object? Value, int Column) : Node(Column);

internal sealed record NameNode(string Name, int Column) : Node(Column);

internal sealed record AttributeNode(Node Target, string Name, int Column) : Node(Column);

internal sealed record CallNode(Node Function, IReadOnlyList<Node> Arguments, IReadOnlyList<KeywordArgument> Keywords, int Column) : Node(Column);

internal sealed record KeywordArgument(string Name, Node Value);

internal sealed record SubscriptNode(Node Target, Node Index, int Column) : Node(Column);

internal sealed record SliceNode(Node Target, Node? Start, Node? Stop, Node? Step, int Column) : Node(Column);

internal sealed record UnaryNode(string Operator, Node Operand, int Column) : Node(Column);

internal sealed record BinaryNode(string Operator, Node Left, Node Right, int Column) : Node(Column);

/// <summary><c>and</c> / <c>or</c>: they short-circuit and return one of their operands, as in Python.</summary>
internal sealed record LogicalNode(string Operator, Node Left, Node Right, int Column) : Node(Column);

/// <summary>A comparison chain: <c>a &lt; b &lt;= c</c> is <c>a &lt; b and b &lt;= c</c> with b evaluated once.</summary>
internal sealed record CompareNode(Node First, IReadOnlyList<(string Operator, Node Right)> Rest, int Column) : Node(Column);

internal sealed record ConditionalNode(Node WhenTrue, Node Test, Node WhenFalse, int Column) : Node(Column);

internal sealed record ListNode(IReadOnlyList<Node> Items, int Column) : Node(Column);

internal sealed record TupleNode(IReadOnlyList<Node> Items, int Column) : Node(Column);

internal sealed record DictNode(IReadOnlyList<(Node Key, Node Value)> Entries, int Column) : Node(Column);

/// <summary><c>[element for variable in source if condition]</c> (one <c>for</c>, an optional <c>if</c>).</summary>
internal sealed record ComprehensionNode(Node Element, string Variable, Node Source, Node? Condition, int Column) : Node(Column);
