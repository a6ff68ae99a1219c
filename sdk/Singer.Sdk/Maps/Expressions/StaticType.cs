namespace Singer.Sdk.Maps.Expressions;

/// <summary>What an expression is known to produce before any record is seen; it types the property in the rewritten SCHEMA.</summary>
internal enum TypeKind { Unknown, String, Integer, Number, Boolean, Date, DateTime, Null, Object, Array }

/// <summary>
/// An expression's static type. <see cref="Schema"/> is set when the value is a source property's own value (a bare
/// property name, <c>self</c>, <c>record</c>): its schema carries over as it is.
/// </summary>
internal sealed record StaticType(TypeKind Kind, Dictionary<string, object?>? Schema = null)
{
    public static readonly StaticType Unknown = new(TypeKind.Unknown);
    public static readonly StaticType String = new(TypeKind.String);
    public static readonly StaticType Integer = new(TypeKind.Integer);
    public static readonly StaticType Number = new(TypeKind.Number);
    public static readonly StaticType Boolean = new(TypeKind.Boolean);
    public static readonly StaticType Date = new(TypeKind.Date);
    public static readonly StaticType DateTime = new(TypeKind.DateTime);
    public static readonly StaticType Null = new(TypeKind.Null);
    public static readonly StaticType Object = new(TypeKind.Object);
    public static readonly StaticType Array = new(TypeKind.Array);

    /// <summary>A source property's own type: its schema, and the kind its (non-null) JSON type names.</summary>
    public static StaticType OfSchema(Dictionary<string, object?> schema)
    {
        var types = schema.GetValueOrDefault("type") switch
        {
            string one => [one],
            List<object?> many => many.OfType<string>().Where(t => t != "null").ToList(),
            _ => new List<string>(),
        };
        var kind = types is [var only] ? only switch
        {
            "string" => schema.GetValueOrDefault("format") switch
            {
                "date" => TypeKind.Date,
                "date-time" => TypeKind.DateTime,
                _ => TypeKind.String,
            },
            "integer" => TypeKind.Integer,
            "number" => TypeKind.Number,
            "boolean" => TypeKind.Boolean,
            "object" => TypeKind.Object,
            "array" => TypeKind.Array,
            _ => TypeKind.Unknown,
        } : TypeKind.Unknown;
        return new StaticType(kind, schema);
    }

    /// <summary>The JSON Schema of a new property of this type (nullable, as the Meltano SDK declares them); null when unknown.</summary>
    public Dictionary<string, object?>? ToSchema() => Schema is not null ? Copy(Schema) : Kind switch
    {
        TypeKind.String => Nullable("string"),
        TypeKind.Integer => Nullable("integer"),
        TypeKind.Number => Nullable("number"),
        TypeKind.Boolean => Nullable("boolean"),
        TypeKind.Date => Nullable("string", "date"),
        TypeKind.DateTime => Nullable("string", "date-time"),
        TypeKind.Object => Nullable("object"),
        TypeKind.Array => Nullable("array"),
        _ => null,
    };

    /// <summary>The type both branches of a conditional (or operands of and/or) share; None on one side keeps the other.</summary>
    public static StaticType Join(StaticType a, StaticType b)
    {
        // One side None: the other's kind, nullable (a property's own schema may not allow null).
        if (a.Kind == TypeKind.Null)
        {
            return b.Schema is null ? b : new StaticType(b.Kind);
        }
        if (b.Kind == TypeKind.Null)
        {
            return a.Schema is null ? a : new StaticType(a.Kind);
        }
        if (a == b)
        {
            return a;
        }
        if (a.Kind == b.Kind && a.Schema is null && b.Schema is null)
        {
            return a;
        }
        return a.Kind is TypeKind.Integer or TypeKind.Number && b.Kind is TypeKind.Integer or TypeKind.Number ? Number : Unknown;
    }

    private static Dictionary<string, object?> Nullable(string type, string? format = null)
    {
        var schema = new Dictionary<string, object?> { ["type"] = new List<object?> { type, "null" } };
        if (format is not null)
        {
            schema["format"] = format;
        }
        return schema;
    }

    private static Dictionary<string, object?> Copy(Dictionary<string, object?> schema) =>
        (Dictionary<string, object?>)SingerJson.Parse(SingerJson.Serialize(schema))!;
}
