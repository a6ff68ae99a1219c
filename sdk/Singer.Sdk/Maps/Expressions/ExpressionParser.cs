using System.Globalization;
using System.Numerics;
using Parlot;
using Parlot.Fluent;
using static Parlot.Fluent.Parsers;

namespace Singer.Sdk.Maps.Expressions;

/// <summary>
/// Parses the Python expression subset of Meltano's stream maps into a <see cref="Node"/> tree, with Python's
/// precedence (lowest first): <c>x if c else y</c>, <c>or</c>, <c>and</c>, <c>not</c>, comparisons (chained, with
/// <c>in</c>, <c>not in</c>, <c>is</c>, <c>is not</c>), <c>+ -</c>, <c>* / // %</c>, unary <c>- +</c>, <c>**</c>, then
/// calls, attributes, subscripts and slices.
/// </summary>
internal static class ExpressionParser
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "and", "or", "not", "in", "is", "if", "else", "for", "lambda", "True", "False", "None",
    };

    [ThreadStatic]
    private static int _furthest; // the furthest offset a token reached: where a failed parse went wrong

    private static readonly Parser<Node> Grammar = Build();

    /// <summary>Parses <paramref name="text"/>; throws <see cref="ExpressionSyntaxException"/> naming the 1-based column of the problem.</summary>
    public static Node Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ExpressionSyntaxException(1, "the expression is empty");
        }
        if (text.Length > MaxLength)
        {
            throw new ExpressionSyntaxException(MaxLength + 1, $"the expression is longer than {MaxLength} characters");
        }
        CheckNesting(text);
        _furthest = 0;
        if (Grammar.TryParse(text, out var node, out var error) && node is not null)
        {
            return node;
        }
        // Parlot reports where the rule that gave up started; the furthest token read is nearer the mistake.
        var offset = Math.Min(Math.Max(error?.Position.Offset ?? 0, _furthest), text.Length);
        while (offset < text.Length - 1 && char.IsWhiteSpace(text[offset]))
        {
            offset++;
        }
        var column = offset + 1;
        var near = column - 1 < text.Length ? $" near '{Excerpt(text, column - 1)}'" : " at the end";
        throw new ExpressionSyntaxException(column, (error?.Message ?? "invalid syntax") + near);
    }

    /// <summary>The longest expression: its tree is bound and evaluated recursively, so its size bounds the stack it needs.</summary>
    public const int MaxLength = 10_000;

    /// <summary>The deepest an expression may nest (brackets, unary operators, <c>not</c>): the parser recurses per level.</summary>
    public const int MaxNesting = 100;

    /// <summary>
    /// Refuses what would nest past <see cref="MaxNesting"/> before parsing it: a recursive-descent parser would otherwise run
    /// out of stack, and a stack overflow ends the process with no message at all.
    /// </summary>
    private static void CheckNesting(string text)
    {
        var depth = 0;
        var prefixes = 0; // unary operators and 'not' in a row, each a level of recursion
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\'' or '"')
            {
                var end = text.IndexOf(c, i + 1);
                while (end > 0 && text[end - 1] == '\\')
                {
                    end = text.IndexOf(c, end + 1);
                }
                i = end < 0 ? text.Length : end;
                continue;
            }
            if (c is '(' or '[' or '{')
            {
                depth++;
            }
            else if (c is ')' or ']' or '}')
            {
                depth--;
            }
            if (c is '-' or '+')
            {
                prefixes++;
            }
            else if (c == 'n' && string.CompareOrdinal(text, i, "not ", 0, 4) == 0 && (i == 0 || !char.IsLetterOrDigit(text[i - 1]) && text[i - 1] != '_'))
            {
                prefixes++;
                i += 3;
            }
            else if (!char.IsWhiteSpace(c) && c is not ('(' or '[' or '{'))
            {
                prefixes = 0;
            }
            if (depth + prefixes > MaxNesting)
            {
                throw new ExpressionSyntaxException(i + 1, $"the expression nests deeper than {MaxNesting} levels");
            }
        }
    }

    private static string Excerpt(string text, int offset) => text.Length - offset > 12 ? string.Concat(text.AsSpan(offset, 12), "…") : text[offset..];

    private static Parser<T> Token<T>(Parser<T> parser) =>
        parser.Then((ParseContext _, int _, int end, T value) =>
        {
            _furthest = Math.Max(_furthest, end);
            return value;
        });

    private static Parser<(string Text, int Column)> Symbol(string text) =>
        Token(Terms.Text(text)).Then((ParseContext _, int start, int _, string value) => (value, start + 1));

    private static Parser<(string Text, int Column)> Word(string text) =>
        Token(Terms.Keyword(text)).Then((ParseContext _, int start, int _, string value) => (value, start + 1));

    private static Parser<Node> Build()
    {
        var expression = Deferred<Node>();

        var name = Token(Terms.Identifier(c => char.IsLetter(c) || c == '_', c => char.IsLetterOrDigit(c) || c == '_'))
            .When((ParseContext _, TextSpan span) => !Keywords.Contains(span.ToString()))
            .Then((ParseContext _, int start, int _, TextSpan span) => (Name: span.ToString(), Column: start + 1));

        // A digit first: '__stream_name__' is a name, not a number with separators.
        var digits = Capture(Literals.Pattern(char.IsAsciiDigit, 1, 1).And(ZeroOrOne(Literals.Pattern(c => char.IsAsciiDigit(c) || c == '_'))));
        var exponent = Literals.AnyOf("eE", 1, 1).And(ZeroOrOne(Literals.AnyOf("+-", 1, 1))).And(digits);
        var number = Token(Capture(SkipWhiteSpace(
                OneOf(
                    digits.And(ZeroOrOne(Literals.Char('.').And(ZeroOrOne(digits)))).Then(_ => 0),
                    Literals.Char('.').And(digits).Then(_ => 0))
                .And(ZeroOrOne(exponent)))))
            .Then((ParseContext _, int start, int _, TextSpan span) => (Node)new LiteralNode(NumberValue(span.ToString().Trim()), start + 1));

        var stringPart = Token(Terms.String(StringLiteralQuotes.SingleOrDouble, StringEscapes.Python, true))
            .Then((ParseContext _, int start, int _, TextSpan span) => (Text: span.ToString(), Column: start + 1));
        // Adjacent literals concatenate, as in Python: 'a' "b" is 'ab'.
        var stringLiteral = OneOrMany(stringPart)
            .Then(parts => (Node)new LiteralNode(string.Concat(parts.Select(p => p.Text)), parts[0].Column));

        var constant = OneOf(
            Word("True").Then(w => (Node)new LiteralNode(true, w.Column)),
            Word("False").Then(w => (Node)new LiteralNode(false, w.Column)),
            Word("None").Then(w => (Node)new LiteralNode(null, w.Column)));

        var items = Separated(Symbol(","), expression).And(ZeroOrOne(Symbol(",")));

        var parenthesized = Symbol("(").And(ZeroOrOne(items)).AndSkip(Symbol(")").ElseError("')' expected"))
            .Then(x =>
            {
                var (open, content) = x;
                if (content.Count == 0)
                {
                    return new TupleNode([], open.Column);
                }
                var (values, trailingComma) = content[0];
                return values.Count == 1 && trailingComma.Count == 0 ? values[0] : (Node)new TupleNode(values.ToList(), open.Column);
            });

        var orTestReference = Deferred<Node>();
        var comprehensionTail = Word("for").SkipAnd(name).AndSkip(Word("in").ElseError("'in' expected")).And(orTestReference)
            .And(ZeroOrOne(Word("if").SkipAnd(orTestReference)));

        var listDisplay = Symbol("[")
            .And(ZeroOrOne(expression.And(ZeroOrOne(comprehensionTail)).And(ZeroOrMany(Symbol(",").SkipAnd(expression))).And(ZeroOrOne(Symbol(",")))))
            .AndSkip(Symbol("]").ElseError("']' expected"))
            .Then(x =>
            {
                var (open, content) = x;
                if (content.Count == 0)
                {
                    return (Node)new ListNode([], open.Column);
                }
                var (first, tail, more, _) = content[0];
                if (tail.Count == 1)
                {
                    var (variable, source, condition) = tail[0];
                    return new ComprehensionNode(first, variable.Name, source, condition.Count == 0 ? null : condition[0], open.Column);
                }
                return new ListNode([first, .. more], open.Column);
            });

        var entry = expression.AndSkip(Symbol(":").ElseError("':' expected")).And(expression);
        var dictDisplay = Symbol("{").And(ZeroOrOne(Separated(Symbol(","), entry))).AndSkip(ZeroOrOne(Symbol(",")))
            .AndSkip(Symbol("}").ElseError("'}' expected"))
            .Then(x => (Node)new DictNode(x.Item2.Count == 0 ? [] : x.Item2[0].Select(e => (e.Item1, e.Item2)).ToList(), x.Item1.Column));

        var atom = OneOf(
            number,
            stringLiteral,
            constant,
            name.Then(n => (Node)new NameNode(n.Name, n.Column)),
            parenthesized,
            listDisplay,
            dictDisplay);

        var keywordArgument = name.AndSkip(Terms.Char('=')).And(expression)
            .Then(x => (Argument: (Node?)null, Keyword: (KeywordArgument?)new KeywordArgument(x.Item1.Name, x.Item2)));
        var positional = expression.Then(e => (Argument: (Node?)e, Keyword: (KeywordArgument?)null));
        var argument = OneOf(keywordArgument, positional);

        var attribute = Symbol(".").SkipAnd(name)
            .Then(n => (Func<Node, Node>)(target => new AttributeNode(target, n.Name, n.Column)));
        var call = Symbol("(").And(ZeroOrOne(Separated(Symbol(","), argument))).AndSkip(ZeroOrOne(Symbol(","))).AndSkip(Symbol(")").ElseError("')' expected"))
            .Then(x =>
            {
                var arguments = x.Item2.Count == 0 ? [] : x.Item2[0];
                var positionals = arguments.Where(a => a.Argument is not null).Select(a => a.Argument!).ToList();
                var keywords = arguments.Where(a => a.Keyword is not null).Select(a => a.Keyword!).ToList();
                return (Func<Node, Node>)(target => new CallNode(target, positionals, keywords, x.Item1.Column));
            });
        var sliceTail = Symbol(":").And(ZeroOrOne(expression)).And(ZeroOrOne(Symbol(":").And(ZeroOrOne(expression))));
        var subscript = Symbol("[").And(ZeroOrOne(expression)).And(ZeroOrOne(sliceTail)).AndSkip(Symbol("]").ElseError("']' expected"))
            .Then(x =>
            {
                var (open, startList, sliceList) = x;
                var start = startList.Count == 0 ? null : startList[0];
                if (sliceList.Count == 0)
                {
                    return start is null
                        ? throw new ParseException("an index is expected", new TextPosition(open.Column - 1, 0, open.Column))
                        : (Func<Node, Node>)(target => new SubscriptNode(target, start, open.Column));
                }
                var (_, stopList, stepList) = sliceList[0];
                var stop = stopList.Count == 0 ? null : stopList[0];
                var step = stepList.Count == 0 || stepList[0].Item2.Count == 0 ? null : stepList[0].Item2[0];
                return target => new SliceNode(target, start, stop, step, open.Column);
            });
        var trailer = OneOf(attribute, call, subscript);

        var primary = atom.And(ZeroOrMany(trailer)).Then(x => x.Item2.Aggregate(x.Item1, (node, apply) => apply(node)));

        var unary = Deferred<Node>();
        var power = primary.And(ZeroOrOne(Symbol("**").And(unary)))
            .Then(x => x.Item2.Count == 0 ? x.Item1 : new BinaryNode("**", x.Item1, x.Item2[0].Item2, x.Item2[0].Item1.Column));
        unary.Parser = OneOf(
            OneOf(Symbol("-"), Symbol("+")).And(unary).Then(x => (Node)new UnaryNode(x.Item1.Text, x.Item2, x.Item1.Column)),
            power);

        var term = Chain(unary, OneOf(Symbol("//"), Symbol("*"), Symbol("/"), Symbol("%")));
        var arithmetic = Chain(term, OneOf(Symbol("+"), Symbol("-")));

        var comparisonOperator = OneOf(
            Symbol("=="), Symbol("!="), Symbol("<="), Symbol(">="), Symbol("<"), Symbol(">"),
            Word("not").And(Word("in")).Then(x => (Text: "not in", x.Item1.Column)),
            Word("in"),
            Word("is").And(Word("not")).Then(x => (Text: "is not", x.Item1.Column)),
            Word("is"));
        var comparison = arithmetic.And(ZeroOrMany(comparisonOperator.And(arithmetic))).Then(x => x.Item2.Count == 0
            ? x.Item1
            : (Node)new CompareNode(x.Item1, x.Item2.Select(p => (p.Item1.Text, p.Item2)).ToList(), x.Item2[0].Item1.Column));

        var notTest = Deferred<Node>();
        notTest.Parser = OneOf(Word("not").And(notTest).Then(x => (Node)new UnaryNode("not", x.Item2, x.Item1.Column)), comparison);
        var andTest = Logical(notTest, "and");
        var orTest = Logical(andTest, "or");

        var conditional = orTest.And(ZeroOrOne(Word("if").And(orTest).AndSkip(Word("else").ElseError("'else' expected")).And(expression)))
            .Then(x => x.Item2.Count == 0
                ? x.Item1
                : (Node)new ConditionalNode(x.Item1, x.Item2[0].Item2, x.Item2[0].Item3, x.Item2[0].Item1.Column));
        expression.Parser = conditional;
        orTestReference.Parser = orTest;

        return expression.AndSkip(Terms.WhiteSpace().Optional()).Eof().ElseError("unexpected text");
    }

    private static Parser<Node> Chain(Parser<Node> operand, Parser<(string Text, int Column)> op) =>
        operand.And(ZeroOrMany(op.And(operand))).Then(x =>
        {
            var node = x.Item1;
            foreach (var ((text, column), right) in x.Item2)
            {
                node = new BinaryNode(text, node, right, column);
            }
            return node;
        });

    private static Parser<Node> Logical(Parser<Node> operand, string word) =>
        operand.And(ZeroOrMany(Word(word).And(operand))).Then(x =>
        {
            var node = x.Item1;
            foreach (var ((_, column), right) in x.Item2)
            {
                node = new LogicalNode(word, node, right, column);
            }
            return node;
        });

    /// <summary>An integer literal is exact (long, or BigInteger past it); one with a point or exponent is an exact decimal.</summary>
    private static object NumberValue(string text)
    {
        text = text.Replace("_", "", StringComparison.Ordinal);
        if (text.AsSpan().IndexOfAny('.', 'e', 'E') < 0)
        {
            return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var small)
                ? (object)small
                : BigInteger.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        }
        var literal = text.StartsWith('.') ? "0" + text : text.EndsWith('.') ? text + "0" : text.Replace(".e", ".0e", StringComparison.OrdinalIgnoreCase);
        return decimal.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && literal.AsSpan().IndexOfAny('e', 'E') < 0
            ? d
            : BigDecimal.Parse(literal);
    }
}
