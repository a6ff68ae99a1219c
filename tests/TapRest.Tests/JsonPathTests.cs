using System.Text;
using TapRest.Streams;

namespace TapRest.Tests;

/// <summary>The plain paths walked directly match exactly what Newtonsoft.Json's SelectTokens matches over the same body.</summary>
public sealed class JsonPathTests
{
    private static readonly string[] Bodies =
    [
        """{"data": [{"id": 1}, {"id": 2}], "hasMore": true, "a": {"b": {"c": [1, 2]}, "n": null}, "next_page": "p2", "x-y": 5}""",
        """[{"id": 1}, {"id": 2, "data": [3]}]""",
        """{"data": {"id": 1, "v": 1e400}, "hasMore": false}""",
        """{"data": []}""",
        "42",
        "null",
    ];

    [Theory]
    [InlineData("$[*]")]
    [InlineData("$")]
    [InlineData("$.data[*]")]
    [InlineData("$.data")]
    [InlineData("hasMore")]
    [InlineData("$.hasMore")]
    [InlineData("$.a.b")]
    [InlineData("$.a.b.c[*]")]
    [InlineData("$.a.n")]
    [InlineData("a.b[*]")]
    [InlineData("$.missing[*]")]
    [InlineData("$.next_page")]
    [InlineData("$.x-y")]
    public void PlainPath_AnyBody_SameMatchesAsNewtonsoft(string path)
    {
        Pagination.PlainPath.TryParse(path).Should().NotBeNull();
        foreach (var text in Bodies)
        {
            var body = ResponseBody.Parse(new Singer.Sdk.JsonBodyReader(), Encoding.UTF8.GetBytes(text), "test");

            body.Select(path).Should().Equal(body.Mirror.Select(path), (a, b) => ReferenceEquals(a, b) || Equals(a, b), $"path {path} over {text}");
        }
    }

    [Theory]
    [InlineData("$.")]
    [InlineData("$..id")]
    [InlineData("$.data[0]")]
    [InlineData("$['data'][*]")]
    [InlineData("$.data[?(@.id == 1)]")]
    [InlineData("$.@odata")]
    [InlineData("$data")]
    public void OtherPath_GoesToNewtonsoft(string path) => Pagination.PlainPath.TryParse(path).Should().BeNull();
}
