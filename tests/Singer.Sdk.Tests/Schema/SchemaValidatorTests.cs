using System.Numerics;
using Singer.Sdk.Tests.Support;

namespace Singer.Sdk.Tests.Schema;

public sealed class SchemaValidatorTests
{
    private static ValidationError? Validate(string schemaJson, object? value) =>
        SchemaValidator.Validate(JsonSchema.Parse(SingerText.Object(schemaJson)), value);

    /// <summary>Validates a JSON value as the reader would build it (exact numbers).</summary>
    private static ValidationError? ValidateJson(string schemaJson, string valueJson) =>
        Validate(schemaJson, SingerJson.Parse(valueJson));

    [Theory]
    [InlineData("null")]
    [InlineData("\"text\"")]
    public void Validate_TypeArrayWithNull_AcceptsNullAndTheType(string value)
    {
        ValidateJson("""{"type": ["null", "string"]}""", value).Should().BeNull();
    }

    [Fact]
    public void Validate_TypeArrayWithNull_RejectsOtherTypesListingTheAllowedOnes()
    {
        var error = ValidateJson("""{"type": ["null", "string"]}""", "5");

        error.Should().Be(new ValidationError("", "expected null or string, got 5"));
    }

    [Fact]
    public void Validate_NullWhereNotAllowed_SaysSo()
    {
        Validate("""{"type": "integer"}""", null).Should().Be(new ValidationError("", "null is not allowed"));
        Validate("""{}""", null).Should().BeNull("a schema without type accepts anything");
    }

    [Fact]
    public void Validate_AnyOf_AcceptsAValueMatchingAnyBranch()
    {
        const string schema = """{"anyOf": [{"type": "string", "format": "date-time"}, {"type": "null"}]}""";

        Validate(schema, null).Should().BeNull();
        Validate(schema, "2024-01-01T00:00:00Z").Should().BeNull();
        Validate(schema, "yesterday").Should().Be(new ValidationError("", "matches none of the anyOf schemas (first: string \"yesterday\" is not a valid date-time)"));
        Validate(schema, 5L)!.Message.Should().StartWith("matches none of the anyOf schemas (first: expected string, got 5)");
    }

    [Fact]
    public void Validate_IntegerType_AcceptsIntegralNumbersOfAnyShape()
    {
        const string schema = """{"type": "integer"}""";

        ValidateJson(schema, "1.0").Should().BeNull("1.0 is an integer in JSON Schema");
        ValidateJson(schema, "1e3").Should().BeNull();
        ValidateJson(schema, "18446744073709551615").Should().BeNull();
        Validate(schema, 3).Should().BeNull();
        ValidateJson(schema, "1.5").Should().Be(new ValidationError("", "expected integer, got 1.5"));
        ValidateJson(schema, "\"1\"").Should().Be(new ValidationError("", "expected integer, got string \"1\""));
        ValidateJson(schema, "true").Should().Be(new ValidationError("", "expected integer, got true"));
    }

    [Fact]
    public void Validate_NumberType_AcceptsIntegersAndFractions()
    {
        const string schema = """{"type": "number"}""";

        ValidateJson(schema, "7").Should().BeNull();
        ValidateJson(schema, "-1.7976931348623157e+308").Should().BeNull();
        ValidateJson(schema, "\"7\"").Should().Be(new ValidationError("", "expected number, got string \"7\""));
    }

    [Theory]
    [InlineData("0.3", "0.1")]
    [InlineData("0.30000000000000000000000000", "0.1")]
    [InlineData("17195.83", "0.01")]
    [InlineData("-1234567890123456789012345678.0123456789", "1e-10")]
    [InlineData("1e-10", "1e-10")]
    [InlineData("3", "1")]
    [InlineData("18446744073709551615", "5")]
    public void Validate_MultipleOf_IsExactInBaseTen(string value, string step)
    {
        ValidateJson($$"""{"type": "number", "multipleOf": {{step}}}""", value).Should().BeNull();
    }

    [Theory]
    [InlineData("0.30000000000000004", "0.1")]
    [InlineData("1.005", "0.01")]
    [InlineData("1.00000000001", "1e-10")]
    [InlineData("3.5", "1")]
    public void Validate_NotAMultiple_NamesValueAndStep(string value, string step)
    {
        var error = ValidateJson($$"""{"type": "number", "multipleOf": {{step}}}""", value);

        error.Should().NotBeNull();
        error!.Path.Should().Be("");
        error.Message.Should().StartWith(value + " is not a multiple of ");
        ExactNumber.Compare(BigDecimal.Parse(error.Message[(value.Length + " is not a multiple of ".Length)..]), BigDecimal.Parse(step)).Should().Be(0);
    }

    [Fact]
    public void Validate_MinimumAndMaximum_AreInclusive()
    {
        const string schema = """{"type": "integer", "minimum": -128, "maximum": 127}""";

        ValidateJson(schema, "-128").Should().BeNull();
        ValidateJson(schema, "127").Should().BeNull();
        ValidateJson(schema, "128").Should().Be(new ValidationError("", "128 is greater than the maximum 127"));
        ValidateJson(schema, "-129").Should().Be(new ValidationError("", "-129 is less than the minimum -128"));
    }

    [Fact]
    public void Validate_BoundsBeyondLong_CompareExactly()
    {
        const string schema = """{"type": "integer", "minimum": 0, "maximum": 18446744073709551615}""";

        ValidateJson(schema, "18446744073709551615").Should().BeNull();
        ValidateJson(schema, "18446744073709551616").Should().Be(new ValidationError("", "18446744073709551616 is greater than the maximum 18446744073709551615"));
        ValidateJson(schema, "-1").Should().Be(new ValidationError("", "-1 is less than the minimum 0"));
    }

    [Fact]
    public void Validate_Draft4BooleanExclusiveMaximum_ExcludesTheBound()
    {
        const string exclusive = """{"type": "number", "maximum": 10, "exclusiveMaximum": true}""";
        const string inclusive = """{"type": "number", "maximum": 10, "exclusiveMaximum": false}""";

        ValidateJson(exclusive, "9.999").Should().BeNull();
        ValidateJson(exclusive, "10").Should().Be(new ValidationError("", "10 is greater than the exclusive maximum 10"));
        ValidateJson(exclusive, "10.0").Should().Be(new ValidationError("", "10.0 is greater than the exclusive maximum 10"));
        ValidateJson(inclusive, "10").Should().BeNull();
    }

    [Fact]
    public void Validate_Draft4BooleanExclusiveMinimum_ExcludesTheBound()
    {
        const string schema = """{"type": "number", "minimum": 0, "exclusiveMinimum": true}""";

        ValidateJson(schema, "0").Should().Be(new ValidationError("", "0 is less than the exclusive minimum 0"));
        ValidateJson(schema, "1e-30").Should().BeNull();
    }

    [Fact]
    public void Validate_Draft6NumericExclusiveMinimum_ExcludesTheBound()
    {
        const string schema = """{"type": "number", "exclusiveMinimum": 0}""";

        ValidateJson(schema, "0").Should().Be(new ValidationError("", "0 is less than the exclusive minimum 0"));
        ValidateJson(schema, "-0.0").Should().NotBeNull();
        ValidateJson(schema, "0.0001").Should().BeNull();
    }

    [Fact]
    public void Validate_Draft6NumericExclusiveMaximum_ExcludesTheBound()
    {
        const string schema = """{"type": "number", "exclusiveMaximum": 1.5}""";

        ValidateJson(schema, "1.5").Should().Be(new ValidationError("", "1.5 is greater than the exclusive maximum 1.5"));
        ValidateJson(schema, "1.49").Should().BeNull();
    }

    [Fact]
    public void Validate_Draft6MinimumAndExclusiveMinimumTogether_BothApply()
    {
        // Draft 6 makes the two keywords independent: the tighter one decides.
        ValidateJson("""{"type": "number", "minimum": 5, "exclusiveMinimum": 3}""", "4").Should().Be(new ValidationError("", "4 is less than the minimum 5"));
        ValidateJson("""{"type": "number", "minimum": 5, "exclusiveMinimum": 3}""", "5").Should().BeNull();
        ValidateJson("""{"type": "number", "minimum": 3, "exclusiveMinimum": 3}""", "3").Should().Be(new ValidationError("", "3 is less than the exclusive minimum 3"));
        ValidateJson("""{"type": "number", "minimum": 1, "exclusiveMinimum": 3}""", "2").Should().Be(new ValidationError("", "2 is less than the exclusive minimum 3"));
    }

    [Fact]
    public void Validate_Draft6MaximumAndExclusiveMaximumTogether_BothApply()
    {
        ValidateJson("""{"type": "number", "maximum": 10, "exclusiveMaximum": 12}""", "11").Should().Be(new ValidationError("", "11 is greater than the maximum 10"));
        ValidateJson("""{"type": "number", "maximum": 12, "exclusiveMaximum": 10}""", "10").Should().Be(new ValidationError("", "10 is greater than the exclusive maximum 10"));
        ValidateJson("""{"type": "number", "maximum": 12, "exclusiveMaximum": 10}""", "9.5").Should().BeNull();
    }

    [Fact]
    public void Validate_MaxLength_CountsCodePointsNotUtf16Units()
    {
        const string schema = """{"type": "string", "maxLength": 3}""";

        Validate(schema, "😀😀😀").Should().BeNull();
        Validate(schema, "中文é").Should().BeNull();
        Validate(schema, "😀😀😀😀").Should().Be(new ValidationError("", "string of 4 characters is longer than maxLength 3"));
        Validate(schema, "abcd").Should().Be(new ValidationError("", "string of 4 characters is longer than maxLength 3"));
    }

    [Fact]
    public void Validate_MinLength_CountsCodePoints()
    {
        const string schema = """{"type": "string", "minLength": 2}""";

        Validate(schema, "😀").Should().Be(new ValidationError("", "string of 1 characters is shorter than minLength 2"));
        Validate(schema, "😀😀").Should().BeNull();
    }

    [Fact]
    public void Validate_MaxLengthWrittenAsIntegralDecimal_IsEnforced()
    {
        // 3.0 is an integer in JSON Schema, so it is the same limit as 3.
        ValidateJson("""{"type": "string", "maxLength": 3.0}""", "\"abcd\"").Should().Be(new ValidationError("", "string of 4 characters is longer than maxLength 3"));
    }

    [Fact]
    public void Validate_MaxLengthBeyondInt_AcceptsAnyString()
    {
        ValidateJson("""{"type": "string", "maxLength": 4294967295}""", "\"abc\"").Should().BeNull();
        ValidateJson("""{"type": "string", "maxLength": 99999999999999999999999}""", "\"abc\"").Should().BeNull();
    }

    [Theory]
    [InlineData("2024-01-01T00:00:30.000000Z")]
    [InlineData("2024-01-01T00:00:30+02:00")]
    [InlineData("2024-01-01T00:00:30Z")]
    [InlineData("2024-02-29T23:59:59.999999-05:30")]
    [InlineData("1000-01-01T00:00:00.000000Z")]
    [InlineData("9999-12-31T23:59:59.000000Z")]
    public void Validate_DateTimeFormat_AcceptsRfc3339(string text)
    {
        Validate("""{"type": "string", "format": "date-time"}""", text).Should().BeNull();
    }

    [Theory]
    [InlineData("2024-13-01T00:00:00Z")]
    [InlineData("2023-02-29T00:00:00Z")]
    [InlineData("2024-01-01T25:00:00Z")]
    [InlineData("yesterday")]
    [InlineData("")]
    [InlineData("0000-00-00 00:00:00")]
    public void Validate_DateTimeFormat_RejectsNonDates(string text)
    {
        var error = Validate("""{"type": "string", "format": "date-time"}""", text);

        error.Should().Be(new ValidationError("", $"string \"{text}\" is not a valid date-time"));
    }

    [Fact]
    public void Validate_DateFormat_AcceptsOnlyCalendarDates()
    {
        const string schema = """{"type": "string", "format": "date"}""";

        Validate(schema, "2024-02-29").Should().BeNull();
        Validate(schema, "2023-02-29").Should().Be(new ValidationError("", "string \"2023-02-29\" is not a valid date"));
        Validate(schema, "2024-01-01T00:00:00Z").Should().Be(new ValidationError("", "string \"2024-01-01T00:00:00Z\" is not a valid date"));
    }

    [Fact]
    public void Validate_UnknownFormat_IsNotChecked()
    {
        Validate("""{"type": "string", "format": "email"}""", "not an email").Should().BeNull();
    }

    [Fact]
    public void Validate_NestedObjectProperty_ReportsDottedPath()
    {
        const string schema = """
            {"type": "object", "properties": {
              "address": {"type": ["null", "object"], "properties": {"city": {"type": "string", "maxLength": 5}}}}}
            """;

        var error = ValidateJson(schema, """{"address": {"city": "Amsterdam"}}""");

        error.Should().Be(new ValidationError("address.city", "string of 9 characters is longer than maxLength 5"));
        error!.ToString().Should().Be("field 'address.city': string of 9 characters is longer than maxLength 5");
        ValidateJson(schema, """{"address": null}""").Should().BeNull();
    }

    [Fact]
    public void Validate_ArrayItem_ReportsIndexedPath()
    {
        const string schema = """{"type": "object", "properties": {"tags": {"type": "array", "items": {"type": "string"}}}}""";

        ValidateJson(schema, """{"tags": ["a", "b", 5]}""").Should().Be(new ValidationError("tags[2]", "expected string, got 5"));
        ValidateJson(schema, """{"tags": []}""").Should().BeNull();
    }

    [Fact]
    public void Validate_ArrayOfObjects_ReportsIndexAndProperty()
    {
        const string schema = """{"type": "array", "items": {"type": "object", "properties": {"qty": {"type": "integer", "minimum": 1}}}}""";

        ValidateJson(schema, """[{"qty": 1}, {"qty": 0}]""").Should().Be(new ValidationError("[1].qty", "0 is less than the minimum 1"));
    }

    [Fact]
    public void Validate_RequiredPropertyMissing_NamesIt()
    {
        const string schema = """{"type": "object", "required": ["id", "name"], "properties": {"id": {"type": "integer"}}}""";

        ValidateJson(schema, """{"id": 1}""").Should().Be(new ValidationError("name", "required field is missing"));
        ValidateJson(schema, """{"id": 1, "name": null}""").Should().BeNull("required only asks for presence");
    }

    [Fact]
    public void Validate_PropertiesNotInTheSchema_AreAllowed()
    {
        ValidateJson("""{"type": "object", "properties": {"id": {"type": "integer"}}}""", """{"id": 1, "extra": [1, {"x": "y"}]}""").Should().BeNull();
    }

    [Fact]
    public void Validate_Enum_ComparesStringsAndNumbersByValue()
    {
        Validate("""{"type": "string", "enum": ["a", "b"]}""", "b").Should().BeNull();
        Validate("""{"type": "string", "enum": ["a", "b"]}""", "c").Should().Be(new ValidationError("", "string \"c\" is not one of the enum values"));
        ValidateJson("""{"enum": [1, 2.50]}""", "1.0").Should().BeNull();
        ValidateJson("""{"enum": [1, 2.50]}""", "2.5").Should().BeNull();
        ValidateJson("""{"enum": [1, 2.50]}""", "3").Should().Be(new ValidationError("", "3 is not one of the enum values"));
        ValidateJson("""{"enum": [true]}""", "false").Should().Be(new ValidationError("", "false is not one of the enum values"));
    }

    [Fact]
    public void Validate_ClrValuesFromATap_AreCheckedByKind()
    {
        Validate("""{"type": "string", "format": "date-time"}""", DateTimeOffset.UnixEpoch).Should().BeNull();
        Validate("""{"type": "integer", "maximum": 255}""", (byte)200).Should().BeNull();
        Validate("""{"type": "integer"}""", BigInteger.Pow(10, 40)).Should().BeNull();
        Validate("""{"type": "boolean"}""", true).Should().BeNull();
        Validate("""{"type": "boolean"}""", "true").Should().Be(new ValidationError("", "expected boolean, got string \"true\""));
    }

    [Fact]
    public void Parse_UnknownType_FailsNamingThePath()
    {
        var act = () => JsonSchema.Parse(SingerText.Object("""{"type": "object", "properties": {"a": {"properties": {"b": {"type": "strng"}}}}}"""));

        act.Should().Throw<SingerException>().WithMessage("invalid schema at 'a.b': unknown type 'strng'");
    }

    [Fact]
    public void Parse_NonNumericBound_Fails()
    {
        var act = () => JsonSchema.Parse(SingerText.Object("""{"type": "number", "maximum": "10"}"""));

        act.Should().Throw<SingerException>().WithMessage("invalid schema: 'maximum' must be a number");
    }

    [Fact]
    public void Parse_TapMySqlSchema_ReadsTypesBoundsAndInclusionIsIgnored()
    {
        var schema = JsonSchema.Parse(SingerText.Object("""
            {"type": "object", "properties": {
              "id": {"inclusion": "automatic", "minimum": -2147483648, "maximum": 2147483647, "type": ["null", "integer"]},
              "c_dec": {"inclusion": "available", "multipleOf": 1e-10, "type": ["null", "number"]}}}
            """));

        schema.Types.Should().Be(JsonTypes.Object);
        schema.Properties!["id"].Types.Should().Be(JsonTypes.Null | JsonTypes.Integer);
        schema.Properties["id"].AllowsNull.Should().BeTrue();
        schema.Properties["id"].NonNullTypes.Should().Be(JsonTypes.Integer);
        ExactNumber.Compare(schema.Properties["id"].Minimum!, -2147483648L).Should().Be(0);
        ExactNumber.Compare(schema.Properties["c_dec"].MultipleOf!, BigDecimal.Parse("1e-10")).Should().Be(0);
    }
}
