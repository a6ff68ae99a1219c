using System.Numerics;
using System.Text;
using System.Text.Json;

namespace Singer.Sdk.Tests.Serialization;

public sealed class JsonBodyReaderTests
{
    [Fact]
    public void Parse_NumbersOfAnySize_KeptExact()
    {
        var body = new JsonBodyReader().Parse("""{"a": 1, "b": 123456789012345678901234567890123456789, "c": 1.50, "d": 1e400, "e": -0.0}"""u8) as Dictionary<string, object?>;

        body!["a"].Should().Be(1L);
        body["b"].Should().Be(BigInteger.Parse("123456789012345678901234567890123456789", System.Globalization.CultureInfo.InvariantCulture));
        body["c"].Should().Be(1.50m);
        body["d"].Should().Be(BigDecimal.Parse("1e400"));
        SingerJson.Serialize(body).Should().Be("""{"a":1,"b":123456789012345678901234567890123456789,"c":1.50,"d":1e400,"e":-0.0}""");
    }

    [Fact]
    public void Parse_TwoDocuments_ShareTheNameStrings()
    {
        var reader = new JsonBodyReader();

        var first = (Dictionary<string, object?>)reader.Parse("""{"customer_id": 1}"""u8)!;
        var second = (Dictionary<string, object?>)reader.Parse("""{"customer_id": 2}"""u8)!;

        ReferenceEquals(first.Keys.Single(), second.Keys.Single()).Should().BeTrue();
    }

    [Fact]
    public void Parse_CommentsAndTrailingCommas_Accepted() =>
        SingerJson.Serialize(new JsonBodyReader().Parse("""{"a": [1, 2,], /* note */ "b": true,}"""u8)).Should().Be("""{"a":[1,2],"b":true}""");

    [Theory]
    [InlineData("")]
    [InlineData("<html>")]
    [InlineData("{} {}")]
    [InlineData("1e999999")]
    public void Parse_NotOneJsonValue_Throws(string text)
    {
        var act = () => new JsonBodyReader().Parse(Encoding.UTF8.GetBytes(text));

        act.Should().Throw<JsonException>();
    }
}
