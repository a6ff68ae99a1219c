namespace Singer.Sdk.Maps.Expressions;

/// <summary>
/// Binds a parsed expression to one stream and compiles it into closures: names resolve once (a property of the
/// record, <c>record</c>, <c>self</c>, <c>config</c>, a comprehension variable), functions and methods are checked
/// against their tables, and every node's static type is worked out for the SCHEMA. A wrong name or call fails here,
/// at start-up, with its column.
/// </summary>
internal sealed class ExpressionBinder
{
    private readonly Dictionary<string, object?>? _properties; // the source schema's properties; null when it declares none
    private readonly Dictionary<string, object?> _schema;
    private readonly string? _property;
    private readonly HashSet<string> _locals = new(StringComparer.Ordinal);
    private readonly HashSet<string> _references = new(StringComparer.Ordinal);
    private bool _usesWholeRecord;

    public ExpressionBinder(Dictionary<string, object?> sourceSchema, string? property)
    {
        _schema = sourceSchema;
        _properties = sourceSchema.GetValueOrDefault("properties") as Dictionary<string, object?>;
        _property = property;
    }

    /// <summary>Parses and binds <paramref name="text"/>; throws <see cref="ExpressionSyntaxException"/> with the column of the problem.</summary>
    public CompiledExpression Compile(string text)
    {
        var node = ExpressionParser.Parse(text);
        var (evaluate, type) = Bind(node);
        return new CompiledExpression(text, evaluate, type, _usesWholeRecord ? null : _references);
    }

    private (Func<MapScope, object?> Evaluate, StaticType Type) Bind(Node node) => node switch
    {
        LiteralNode literal => BindLiteral(literal),
        NameNode name => BindName(name),
        AttributeNode attribute => BindAttribute(attribute),
        CallNode call => BindCall(call),
        SubscriptNode subscript => BindSubscript(subscript),
        SliceNode slice => BindSlice(slice),
        UnaryNode unary => BindUnary(unary),
        BinaryNode binary => BindBinary(binary),
        LogicalNode logical => BindLogical(logical),
        CompareNode compare => BindCompare(compare),
        ConditionalNode conditional => BindConditional(conditional),
        ListNode list => BindItems(list.Items, items => items.ToList<object?>(), StaticType.Array),
        TupleNode tuple => BindItems(tuple.Items, items => items, StaticType.Array),
        DictNode dict => BindDict(dict),
        ComprehensionNode comprehension => BindComprehension(comprehension),
        _ => throw new ExpressionSyntaxException(node.Column, "unsupported expression"),
    };

    private static (Func<MapScope, object?>, StaticType) BindLiteral(LiteralNode literal)
    {
        var value = literal.Value;
        var type = value switch
        {
            null => StaticType.Null,
            string => StaticType.String,
            bool => StaticType.Boolean,
            decimal or BigDecimal => StaticType.Number,
            _ => StaticType.Integer,
        };
        return (_ => value, type);
    }

    private (Func<MapScope, object?>, StaticType) BindName(NameNode name)
    {
        var id = name.Name;
        if (_locals.Contains(id))
        {
            return (scope => scope.Locals[id], StaticType.Unknown);
        }
        switch (id)
        {
            case "record" or "_":
                _usesWholeRecord = true;
                return (scope => scope.Record, new StaticType(TypeKind.Object, _schema));
            case "config":
                return (scope => scope.Config, StaticType.Object);
            case "__stream_name__":
                return (scope => scope.StreamName, StaticType.String);
            case "__original_stream_name__":
                return (scope => scope.OriginalStreamName, StaticType.String);
            case "self":
                if (_property is not null)
                {
                    _references.Add(_property);
                }
                return (scope => scope.Property is { } p && scope.Record.TryGetValue(p, out var value)
                    ? value
                    : throw new MapEvaluationException(scope.Property is null
                        ? "NameNotDefined: 'self' is only defined in a property's expression, not in __filter__"
                        : $"NameNotDefined: 'self' is not defined: the record has no property '{scope.Property}'"),
                    TypeOfProperty(_property));
        }
        if (_properties is not null && !_properties.ContainsKey(id) || _properties is null && IsFunctionName(id))
        {
            var near = _properties is null ? null : ClosestName.Find(id, _properties.Keys);
            var what = IsFunctionName(id)
                ? $"'{id}' is a function: call it, as {id}(…)"
                : $"name '{id}' is not defined: the stream has no property '{id}'" + (near is null ? "" : $" (did you mean '{near}'?)");
            throw new ExpressionSyntaxException(name.Column, what);
        }
        _references.Add(id);
        return (scope => scope.Record.TryGetValue(id, out var value)
            ? value
            : throw new MapEvaluationException($"NameNotDefined: '{id}' is not defined: the record has no property '{id}'"), TypeOfProperty(id));
    }

    private static bool IsFunctionName(string id) => Builtins.Functions.ContainsKey(id) || Builtins.Modules.Contains(id);

    private StaticType TypeOfProperty(string? id) =>
        id is not null && _properties?.GetValueOrDefault(id) is Dictionary<string, object?> schema ? StaticType.OfSchema(schema) : StaticType.Unknown;

    private (Func<MapScope, object?>, StaticType) BindAttribute(AttributeNode attribute)
    {
        if (ModulePath(attribute) is { } path)
        {
            throw new ExpressionSyntaxException(attribute.Column, Builtins.Functions.ContainsKey(path)
                ? $"'{path}' is a function: call it, as {path}(…)"
                : $"'{path}' is not available (see the README for the functions of stream maps)");
        }
        if (!PythonMethods.Attributes.Contains(attribute.Name))
        {
            throw new ExpressionSyntaxException(attribute.Column, PythonMethods.Signatures.ContainsKey(attribute.Name)
                ? $"'{attribute.Name}' is a method: call it, as .{attribute.Name}()"
                : $"unknown attribute '{attribute.Name}'");
        }
        var (target, _) = Bind(attribute.Target);
        var name = attribute.Name;
        return (scope => PythonMethods.Attribute(target(scope), name), StaticType.Integer);
    }

    /// <summary>The dotted name when a node is a path into a module (<c>datetime.date.fromisoformat</c>), else null.</summary>
    private string? ModulePath(Node node) => node switch
    {
        NameNode n when Builtins.Modules.Contains(n.Name) && !_locals.Contains(n.Name) && _properties?.ContainsKey(n.Name) != true => n.Name,
        AttributeNode a when ModulePath(a.Target) is { } prefix => prefix + "." + a.Name,
        _ => null,
    };

    private (Func<MapScope, object?>, StaticType) BindCall(CallNode call)
    {
        var arguments = call.Arguments.Select(Bind).ToArray();
        var keywords = call.Keywords.Select(k => (k.Name, Bind(k.Value).Evaluate)).ToArray();
        var functionName = call.Function switch
        {
            NameNode n when !_locals.Contains(n.Name) => n.Name,
            AttributeNode a => ModulePath(a),
            _ => null,
        };
        if (functionName is not null && Builtins.Functions.TryGetValue(functionName, out var function))
        {
            return BindFunction(call, function, arguments, keywords);
        }
        if (call.Function is AttributeNode method && functionName is null)
        {
            return BindMethod(call, method, arguments);
        }
        var column = call.Function.Column;
        throw new ExpressionSyntaxException(column, functionName is null
            ? "only functions and methods can be called"
            : $"unknown function '{functionName}'" + (ClosestName.Find(functionName, Builtins.Functions.Keys) is { } near ? $" (did you mean '{near}'?)" : ""));
    }

    private static (Func<MapScope, object?>, StaticType) BindFunction(CallNode call, Builtin function,
        (Func<MapScope, object?> Evaluate, StaticType Type)[] arguments, (string Name, Func<MapScope, object?> Evaluate)[] keywords)
    {
        if (arguments.Length < function.MinArguments || arguments.Length > function.MaxArguments)
        {
            var expected = function.MinArguments == function.MaxArguments ? $"{function.MinArguments}" : $"{function.MinArguments} to {function.MaxArguments}";
            throw new ExpressionSyntaxException(call.Column, $"{function.Name}() takes {expected} argument(s), {arguments.Length} given");
        }
        foreach (var (name, _) in keywords)
        {
            if (!function.AcceptsAnyKeyword && function.Keywords?.Contains(name) != true)
            {
                throw new ExpressionSyntaxException(call.Column, $"{function.Name}() got an unexpected keyword argument '{name}'");
            }
        }
        var evaluators = arguments.Select(a => a.Evaluate).ToArray();
        var invoke = function.Invoke;
        var type = function.ResultType(arguments.Select(a => a.Type).ToList());
        if (keywords.Length == 0)
        {
            return (scope =>
            {
                var values = new object?[evaluators.Length];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = evaluators[i](scope);
                }
                return invoke(values, Builtins.Empty);
            }, type);
        }
        return (scope =>
        {
            var values = evaluators.Select(e => e(scope)).ToArray();
            var named = keywords.ToDictionary(k => k.Name, k => k.Evaluate(scope), StringComparer.Ordinal);
            return invoke(values, named);
        }, type);
    }

    private (Func<MapScope, object?>, StaticType) BindMethod(CallNode call, AttributeNode method,
        (Func<MapScope, object?> Evaluate, StaticType Type)[] arguments)
    {
        if (call.Keywords.Count > 0)
        {
            throw new ExpressionSyntaxException(call.Column, $"{method.Name}() takes no keyword arguments here");
        }
        if (!PythonMethods.Signatures.TryGetValue(method.Name, out var signature))
        {
            throw new ExpressionSyntaxException(method.Column, $"unknown method '{method.Name}'"
                + (ClosestName.Find(method.Name, PythonMethods.Signatures.Keys) is { } near ? $" (did you mean '{near}'?)" : ""));
        }
        if (arguments.Length < signature.Min || arguments.Length > signature.Max)
        {
            var expected = signature.Min == signature.Max ? $"{signature.Min}" : $"{signature.Min} to {signature.Max}";
            throw new ExpressionSyntaxException(call.Column, $"{method.Name}() takes {expected} argument(s), {arguments.Length} given");
        }
        var (target, _) = method.Name == "get" && arguments.Length > 0 && RecordKey(method.Target, call.Arguments[0]) is { } key
            ? BindRecordKey(key)
            : Bind(method.Target);
        var evaluators = arguments.Select(a => a.Evaluate).ToArray();
        var name = method.Name;
        return (scope =>
        {
            var receiver = target(scope);
            var values = new object?[evaluators.Length];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = evaluators[i](scope);
            }
            return PythonMethods.Call(receiver, name, values);
        }, signature.Result);
    }

    private (Func<MapScope, object?>, StaticType) BindSubscript(SubscriptNode subscript)
    {
        var (target, targetType) = RecordKey(subscript.Target, subscript.Index) is { } recordKey ? BindRecordKey(recordKey) : Bind(subscript.Target);
        var (index, _) = Bind(subscript.Index);
        var type = targetType.Kind == TypeKind.String
            ? StaticType.String
            : subscript is { Target: NameNode { Name: "record" or "_" }, Index: LiteralNode { Value: string key } } ? TypeOfProperty(key) : StaticType.Unknown;
        return (scope => PythonValues.Index(target(scope), index(scope)), type);
    }

    /// <summary>The key when <paramref name="target"/> is the record and <paramref name="index"/> a literal name: the record is then read at one property only.</summary>
    private string? RecordKey(Node target, Node index) =>
        target is NameNode { Name: "record" or "_" } name && !_locals.Contains(name.Name) && index is LiteralNode { Value: string key } ? key : null;

    /// <summary>The record, as <see cref="BindName"/> binds it, but noting only the one property read from it.</summary>
    private (Func<MapScope, object?>, StaticType) BindRecordKey(string key)
    {
        _references.Add(key);
        return (scope => scope.Record, new StaticType(TypeKind.Object, _schema));
    }

    private (Func<MapScope, object?>, StaticType) BindSlice(SliceNode slice)
    {
        var (target, targetType) = Bind(slice.Target);
        var start = slice.Start is null ? null : Bind(slice.Start).Evaluate;
        var stop = slice.Stop is null ? null : Bind(slice.Stop).Evaluate;
        var step = slice.Step is null ? null : Bind(slice.Step).Evaluate;
        var type = targetType.Kind == TypeKind.String ? StaticType.String : StaticType.Unknown;
        return (scope => PythonValues.Slice(target(scope), start?.Invoke(scope), stop?.Invoke(scope), step?.Invoke(scope)), type);
    }

    private (Func<MapScope, object?>, StaticType) BindUnary(UnaryNode unary)
    {
        var (operand, type) = Bind(unary.Operand);
        return unary.Operator switch
        {
            "not" => (scope => !PythonValues.Truthy(operand(scope)), StaticType.Boolean),
            "-" => (scope => PythonNumbers.Negate(Number(operand(scope), "unary -")), Numeric(type)),
            _ => (scope => Number(operand(scope), "unary +"), Numeric(type)),
        };
    }

    private static StaticType Numeric(StaticType type) => type.Kind is TypeKind.Integer or TypeKind.Number ? new StaticType(type.Kind) : StaticType.Unknown;

    private static object Number(object? value, string op) => value is not null && PythonNumbers.KindOf(value) != PythonNumbers.Kind.None
        ? value
        : throw MapEvaluationException.Type($"bad operand type for {op}: '{PythonText.TypeName(value)}'");

    private (Func<MapScope, object?>, StaticType) BindBinary(BinaryNode binary)
    {
        var (left, leftType) = Bind(binary.Left);
        var (right, rightType) = Bind(binary.Right);
        var op = binary.Operator;
        var type = (op, leftType.Kind, rightType.Kind) switch
        {
            ("+" or "*", TypeKind.String, _) or ("+" or "*", _, TypeKind.String) => StaticType.String,
            ("/", TypeKind.Integer or TypeKind.Number, TypeKind.Integer or TypeKind.Number) => StaticType.Number,
            (_, TypeKind.Integer, TypeKind.Integer) => StaticType.Integer,
            (_, TypeKind.Integer or TypeKind.Number, TypeKind.Integer or TypeKind.Number) => StaticType.Number,
            _ => StaticType.Unknown,
        };
        return (scope => BinaryOperators.Apply(op, left(scope), right(scope)), type);
    }

    private (Func<MapScope, object?>, StaticType) BindLogical(LogicalNode logical)
    {
        var (left, leftType) = Bind(logical.Left);
        var (right, rightType) = Bind(logical.Right);
        var type = StaticType.Join(leftType, rightType);
        return logical.Operator == "and"
            ? (scope => left(scope) is var a && !PythonValues.Truthy(a) ? a : right(scope), type)
            : (scope => left(scope) is var a && PythonValues.Truthy(a) ? a : right(scope), type);
    }

    private (Func<MapScope, object?>, StaticType) BindCompare(CompareNode compare)
    {
        var (first, _) = Bind(compare.First);
        var rest = compare.Rest.Select(r => (r.Operator, Bind(r.Right).Evaluate)).ToArray();
        return (scope =>
        {
            var left = first(scope);
            foreach (var (op, evaluate) in rest)
            {
                var right = evaluate(scope);
                if (!BinaryOperators.Compare(op, left, right))
                {
                    return false;
                }
                left = right;
            }
            return true;
        }, StaticType.Boolean);
    }

    private (Func<MapScope, object?>, StaticType) BindConditional(ConditionalNode conditional)
    {
        var (test, _) = Bind(conditional.Test);
        var (whenTrue, trueType) = Bind(conditional.WhenTrue);
        var (whenFalse, falseType) = Bind(conditional.WhenFalse);
        return (scope => PythonValues.Truthy(test(scope)) ? whenTrue(scope) : whenFalse(scope), StaticType.Join(trueType, falseType));
    }

    private (Func<MapScope, object?>, StaticType) BindItems(IReadOnlyList<Node> nodes, Func<object?[], object> build, StaticType type)
    {
        var items = nodes.Select(n => Bind(n).Evaluate).ToArray();
        return (scope => build(items.Select(i => i(scope)).ToArray()), type);
    }

    private (Func<MapScope, object?>, StaticType) BindDict(DictNode dict)
    {
        var entries = dict.Entries.Select(e => (Key: Bind(e.Key).Evaluate, Value: Bind(e.Value).Evaluate)).ToArray();
        return (scope =>
        {
            var result = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (key, value) in entries)
            {
                result[Builtins.DictKey(key(scope))] = value(scope);
            }
            return result;
        }, StaticType.Object);
    }

    private (Func<MapScope, object?>, StaticType) BindComprehension(ComprehensionNode comprehension)
    {
        var (source, _) = Bind(comprehension.Source);
        var variable = comprehension.Variable;
        var added = _locals.Add(variable);
        var (element, _) = Bind(comprehension.Element);
        var condition = comprehension.Condition is null ? null : Bind(comprehension.Condition).Evaluate;
        if (added)
        {
            _locals.Remove(variable);
        }
        return (scope =>
        {
            var had = scope.Locals.TryGetValue(variable, out var outer);
            var result = new List<object?>();
            foreach (var item in PythonValues.Iterate(source(scope)).ToList())
            {
                scope.Locals[variable] = item;
                if (condition is null || PythonValues.Truthy(condition(scope)))
                {
                    result.Add(element(scope));
                }
            }
            if (had)
            {
                scope.Locals[variable] = outer;
            }
            else
            {
                scope.Locals.Remove(variable);
            }
            return result;
        }, StaticType.Array);
    }
}
