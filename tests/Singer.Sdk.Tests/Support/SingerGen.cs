using System.Globalization;
using System.Text;
using CsCheck;

namespace Singer.Sdk.Tests.Support;

/// <summary>One top-level property of a generated schema: its JSON Schema text and the values worth trying for it.</summary>
internal sealed record PropertySpec(string Name, string Schema, Gen<byte[]> Values, bool Required);

/// <summary>
/// Generators of Singer input for property tests: schemas with the keywords the transcoders check, and records mostly of
/// the schema's types (so the fast paths are taken often) but with every kind of odd JSON now and then — escapes,
/// surrogate pairs, control characters, invalid UTF-8, numbers of any size and exponent, nesting, missing, unknown,
/// escaped and repeated keys, whitespace between tokens. JSON is built as bytes so it can hold what is not UTF-8.
/// </summary>
internal static class SingerGen
{
    /// <summary>Names of the properties, some needing escapes when written, some not ASCII.</summary>
    private static readonly string[] Names = ["id", "name", "amount", "note", "at", "day", "flag", "n", "caf\u00e9", "a\"b", "tab\there", "<x>"];

    public static Gen<T> Pick<T>(params T[] choices) => Gen.Int[0, choices.Length - 1].Select(i => choices[i]);

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Concat(IEnumerable<byte[]> parts) => parts.SelectMany(p => p).ToArray();

    // ---- numbers ----

    private static Gen<string> Digits(int min, int max) =>
        Gen.Select(Gen.Char['1', '9'], Gen.Char['0', '9'].Array[min, max], (first, rest) => first + new string(rest));

    private static readonly Gen<string> Sign = Gen.Frequency((3, Gen.Const("")), (1, Gen.Const("-")));

    public static readonly Gen<string> IntegerLiteral = Gen.Frequency(
        (4, Gen.Int[-300, 300].Select(i => i.ToString(CultureInfo.InvariantCulture))),
        (3, Gen.Long.Select(l => l.ToString(CultureInfo.InvariantCulture))),
        (2, Gen.Select(Sign, Digits(17, 40), (s, d) => s + d)),
        (1, Pick("0", "-0", "9223372036854775807", "-9223372036854775808", "9223372036854775808", "-9223372036854775809", "127", "128", "-128", "-129")));

    public static readonly Gen<string> DecimalLiteral = Gen.Select(Sign,
        Gen.Frequency((2, Gen.Const("0")), (3, Digits(0, 8)), (1, Digits(9, 30))),
        Gen.Frequency((4, Gen.Char['0', '9'].Array[1, 6]), (1, Gen.Char['0', '9'].Array[7, 35])).Select(c => new string(c)),
        (s, whole, fraction) => s + whole + "." + fraction);

    public static readonly Gen<string> ExponentLiteral = Gen.Select(
        Gen.OneOf(IntegerLiteral, DecimalLiteral), Pick("e", "E"), Pick("", "+", "-"),
        Gen.Frequency((6, Gen.Int[0, 400].Select(i => i.ToString(CultureInfo.InvariantCulture))), (1, Pick("100000", "100001", "0005", "9999999"))),
        (mantissa, e, sign, exponent) => mantissa + e + sign + exponent);

    public static readonly Gen<string> NumberLiteral = Gen.Frequency((3, IntegerLiteral), (5, DecimalLiteral), (1, ExponentLiteral));

    // ---- strings ----

    /// <summary>Characters worth writing: plain, JSON-special, control, non-ASCII, HTML-sensitive, outside the BMP.</summary>
    private static readonly string[] Characters =
        ["a", "Z", "0", " ", "~", "\"", "\\", "/", "\b", "\f", "\n", "\r", "\t", "\u0000", "\u001f", "\u007f", "\u0080", "é", "日",
         "\u2028", "\uFEFF", "<", ">", "&", "'", "+", "`", "😀", "\U0010FFFF"];

    /// <summary>A character as a JSON string holds it: as itself (escaped only where JSON requires), or as escapes.</summary>
    private static Gen<byte[]> Encoded(string character) => Gen.Int[0, 3].Select(how =>
    {
        var escapes = string.Concat(character.Select(c => $"\\u{(int)c:x4}"));
        var plain = character switch
        {
            "\"" => "\\\"",
            "\\" => "\\\\",
            "\b" => "\\b",
            "\f" => "\\f",
            "\n" => "\\n",
            "\r" => "\\r",
            "\t" => "\\t",
            [var c] when c < ' ' => escapes,
            _ => character,
        };
        return Utf8(how switch { 0 => escapes.ToUpperInvariant().Replace("\\U", "\\u", StringComparison.Ordinal), 1 => escapes, _ => plain });
    });

    /// <summary>Bytes a reader must refuse inside a string: invalid UTF-8, a raw control character, a lone surrogate.</summary>
    private static readonly Gen<byte[]> BadStringBytes = Pick<byte[]>(
        [0xFF], [0xC3], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x01], Utf8("\\ud800"), Utf8("\\udc00x"), Utf8("\\x"));

    private static readonly Gen<byte[]> StringPiece = Gen.Frequency(
        (40, Pick(Characters).SelectMany(Encoded)),
        (20, Gen.Char['a', 'z'].Array[1, 8].Select(c => Utf8(new string(c)))),
        (1, BadStringBytes));

    public static readonly Gen<byte[]> StringLiteral = Gen.Frequency(
        (6, StringPiece.Array[0, 8].Select(p => Concat([[(byte)'"'], .. p, [(byte)'"']]))),
        (3, Pick("\"2024-01-01T23:17:20.116739Z\"", "\"2024-01-01T00:00:00+02:00\"", "\"2024-02-30T00:00:00Z\"", "\"2024-02-29\"",
            "\"2023-02-29\"", "\"12:00:00\"", "\"not a date\"", "\"\"", "\"plain text\"", "\"2024-01-01T00:00:00Z\"").Select(Utf8)));

    // ---- values ----

    public static readonly Gen<byte[]> Scalar = Gen.OneOf(
        Pick("null", "true", "false").Select(Utf8), NumberLiteral.Select(Utf8), StringLiteral);

    /// <summary>Whitespace JSON allows between tokens; no newline, which would end the line.</summary>
    public static readonly Gen<byte[]> Space = Gen.Frequency((8, Gen.Const("")), (2, Gen.Const(" ")), (1, Pick("\t", "\r", "  \t ", " \r "))).Select(Utf8);

    public static readonly Gen<byte[]> Nested = Gen.OneOf(
        Gen.Select(Scalar.Array[0, 4], Space, (items, space) => Concat([Utf8("["), .. Join(items, Utf8("," + Encoding.UTF8.GetString(space))), Utf8("]")])),
        Gen.Select(Scalar.Array[0, 3], Scalar, (items, deep) =>
            Concat([Utf8("{"), .. Join(items.Select((v, i) => Concat([Utf8($"\"k{i}\":"), v])).ToArray(), Utf8(",")),
                Utf8(items.Length > 0 ? "," : ""), Utf8("\"deep\":{\"x\":["), deep, Utf8("]}}")])));

    public static readonly Gen<byte[]> AnyValue = Gen.Frequency((6, Scalar), (1, Nested));

    private static IEnumerable<byte[]> Join(byte[][] items, byte[] separator) =>
        items.SelectMany((item, i) => i == 0 ? [item] : new[] { separator, item });

    // ---- schemas ----

    private static readonly string[] TypeNames = ["null", "integer", "number", "string", "boolean", "object", "array"];

    /// <summary>A type of <see cref="TypeNames"/>, nested ones less often: the transcoders leave their values to the ordinary path.</summary>
    private static readonly Gen<int> TypeIndex = Gen.Frequency((3, Gen.Int[0, 3]), (1, Gen.Const(4)), (1, Gen.Int[5, 6]));

    private static Gen<byte[]> ValuesOf(string type) => type switch
    {
        "null" => Gen.Const(Utf8("null")),
        "boolean" => Pick("true", "false").Select(Utf8),
        "integer" => IntegerLiteral.Select(Utf8),
        "number" => NumberLiteral.Select(Utf8),
        "string" => StringLiteral,
        _ => Nested,
    };

    /// <summary>Keywords the checks read: bounds, multipleOf, lengths, formats, and now and then enum or anyOf.</summary>
    private static readonly Gen<string> Keywords = Gen.Frequency(
        (16, Gen.Const("")),
        (2, Pick(",\"minimum\":-128,\"maximum\":127", ",\"minimum\":-9223372036854775808,\"maximum\":9223372036854775807",
            ",\"exclusiveMinimum\":0", ",\"maximum\":1e3", ",\"minimum\":0.5", ",\"maximum\":99999999999999999999999999999999")),
        (2, Pick(",\"multipleOf\":0.01", ",\"multipleOf\":1", ",\"multipleOf\":0.5", ",\"multipleOf\":1e-30", ",\"multipleOf\":0.000001")),
        (2, Pick(",\"maxLength\":10", ",\"maxLength\":0", ",\"minLength\":2", ",\"maxLength\":3,\"minLength\":1")),
        (2, Pick(",\"format\":\"date-time\"", ",\"format\":\"date\"", ",\"format\":\"time\"", ",\"format\":\"email\"")),
        (1, Pick(",\"enum\":[\"plain text\",null,1]", ",\"anyOf\":[{\"type\":\"string\"},{\"type\":\"null\"}]")));

    private static readonly Gen<PropertySpec> Property = Gen.Select(
        Pick(Names), TypeIndex.Array[1, 3], Gen.Bool, Keywords, Gen.Frequency((5, Gen.Const(false)), (1, Gen.Const(true))),
        (name, types, untyped, keywords, required) =>
        {
            var typeNames = types.Distinct().Select(t => TypeNames[t]).ToArray();
            var typeText = untyped && typeNames.Length == 3 ? "" : typeNames.Length == 1
                ? $"\"type\":\"{typeNames[0]}\""
                : $"\"type\":[{string.Join(",", typeNames.Select(t => $"\"{t}\""))}]";
            var schema = "{" + typeText + (typeText.Length == 0 ? keywords.TrimStart(',') : keywords) + "}";
            return new PropertySpec(name, schema, ValuesOf(typeNames), required);
        });

    /// <summary>Values mostly of <paramref name="types"/>, so records are often valid; now and then anything at all.</summary>
    public static Gen<byte[]> ValuesOf(params string[] types) =>
        Gen.Frequency((12, Gen.OneOf(types.Select(ValuesOf).ToArray())), (1, AnyValue));

    /// <summary>One to five properties of distinct names.</summary>
    public static readonly Gen<PropertySpec[]> Properties =
        Property.Array[1, 5].Select(ps => ps.DistinctBy(p => p.Name).ToArray());

    public static string SchemaText(PropertySpec[] properties) =>
        "{\"type\":\"object\",\"properties\":{" + string.Join(",", properties.Select(p => SingerJson.Serialize(p.Name) + ":" + p.Schema)) + "}"
        + (properties.Any(p => p.Required) ? ",\"required\":[" + string.Join(",", properties.Where(p => p.Required).Select(p => SingerJson.Serialize(p.Name))) + "]" : "")
        + "}";

    public static string SchemaLine(string stream, PropertySpec[] properties) =>
        $"{{\"type\":\"SCHEMA\",\"stream\":{SingerJson.Serialize(stream)},\"schema\":{SchemaText(properties)},\"key_properties\":[]}}";

    // ---- records ----

    /// <summary>A key as the input writes it: usually plainly, sometimes with its first character as a \u escape.</summary>
    private static Gen<byte[]> Key(string name) => name is [>= 'a' and <= 'z', ..]
        ? Gen.Frequency(
            (24, Gen.Const(Utf8(SingerJson.Serialize(name)))),
            (1, Gen.Const(Utf8("\"\\u" + ((int)name[0]).ToString("x4", CultureInfo.InvariantCulture) + SingerJson.Serialize(name)[2..]))))
        : Gen.Const(Utf8(SingerJson.Serialize(name)));

    private static readonly Gen<(string Name, Gen<byte[]> Values)> UnknownProperty = Pick("unknown", "ID", "amount ", "").Select(n => (n, AnyValue));

    /// <summary>
    /// A record of <paramref name="properties"/>: each one present (usually) or missing, in any order, now and then with an
    /// unknown or a repeated key, with whitespace between the tokens.
    /// </summary>
    public static Gen<byte[]> Record(PropertySpec[] properties)
    {
        var fields = properties.Select(p => Gen.Frequency((8, Gen.Const(true)), (1, Gen.Const(false))).Select(present => present ? [(p.Name, p.Values)] : Array.Empty<(string, Gen<byte[]>)>()));
        var extras = Gen.Frequency((16, Gen.Const(Array.Empty<(string, Gen<byte[]>)>())),
            (1, UnknownProperty.Select(u => new[] { u })),
            (1, Pick(properties).Select(p => new[] { (p.Name, p.Values) })));
        return Gen.Select(All(fields.ToArray()).Select(f => f.SelectMany(x => x).ToArray()), extras, (f, e) => f.Concat(e).ToArray())
            .SelectMany(chosen => Gen.Shuffle(chosen))
            .SelectMany(chosen => All(chosen.Select(Field).ToArray()))
            .SelectMany(parts => Gen.Select(Space, Space, (open, close) =>
                Concat([Utf8("{"), open, .. Join(parts, Utf8(",")), close, Utf8("}")])));
    }

    /// <summary>One value of each generator, in order.</summary>
    private static Gen<T[]> All<T>(Gen<T>[] gens) =>
        gens.Aggregate(Gen.Const(Array.Empty<T>()), (all, gen) => Gen.Select(all, gen, (values, value) => (T[])[.. values, value]));

    private static Gen<byte[]> Field((string Name, Gen<byte[]> Values) field) =>
        Gen.Select(Key(field.Name), field.Values, Space, Space, (key, value, before, after) => Concat([before, key, after, Utf8(":"), before, value, after]));

    /// <summary>A RECORD line around <paramref name="record"/>, its fields in one of a few orders, with version and time_extracted or not.</summary>
    public static Gen<byte[]> RecordLine(string stream, byte[] record) => Gen.Select(Gen.Int[0, 3], Space, (shape, space) =>
    {
        var head = $"{{\"type\":\"RECORD\",{Encoding.UTF8.GetString(space)}\"stream\":{SingerJson.Serialize(stream)}";
        return shape switch
        {
            0 => Concat([Utf8(head + ",\"record\":"), record, Utf8("}")]),
            1 => Concat([Utf8(head + ",\"record\":"), record, Utf8(",\"version\":1712345678901,\"time_extracted\":\"2024-01-02T03:04:05.000000Z\"}")]),
            2 => Concat([Utf8("{\"record\":"), record, Utf8($",\"stream\":{SingerJson.Serialize(stream)},\"type\":\"RECORD\"}}")]),
            _ => Concat([Utf8(head + ",\"time_extracted\":\"2024-01-02T03:04:05+01:00\",\"record\":"), record, Utf8("}" + Encoding.UTF8.GetString(space))]),
        };
    });

    /// <summary>Bytes shown readably in a failure message: invalid UTF-8 as \xNN.</summary>
    public static string Show(byte[] bytes)
    {
        var text = new StringBuilder();
        var decoder = new UTF8Encoding(false, true);
        for (var i = 0; i < bytes.Length; i++)
        {
            var length = bytes[i] < 0x80 ? 1 : bytes[i] >= 0xF0 ? 4 : bytes[i] >= 0xE0 ? 3 : 2;
            try
            {
                text.Append(decoder.GetString(bytes, i, Math.Min(length, bytes.Length - i)));
                i += Math.Min(length, bytes.Length - i) - 1;
            }
            catch (ArgumentException)
            {
                text.Append(CultureInfo.InvariantCulture, $"\\x{bytes[i]:X2}");
            }
        }
        return text.ToString();
    }
}
