using System.Text;
using TapRest.Inference;

namespace TapRest.Tests;

/// <summary>
/// The date-time test on a string's bytes (the raw record path) against the pattern-and-parse test on the string:
/// the same kind for every string, and the quick yes only where the slow test says yes.
/// </summary>
public sealed class DateTimeKindTests
{
    private static readonly string[] Seeds =
    [
        "2024-01-02T03:04:05Z", "2024-01-02T03:04:05.1Z", "2024-01-02T03:04:05.1234567Z", "2024-01-02T03:04:05.12345678Z",
        "2024-01-02T03:04:05+01:00", "2024-01-02T03:04:05.123456-13:59", "2024-01-02T03:04:05+14:00", "2024-01-02T03:04:05-14:01",
        "2024-02-29T00:00:00Z", "2023-02-29T00:00:00Z", "2024-04-31T00:00:00Z", "2024-12-31T23:59:59Z", "2024-01-02T24:00:00Z",
        "2024-01-02T23:60:00Z", "2024-01-02T23:59:60Z", "2024-01-02T03:04:05z", "0001-01-01T00:00:00+01:00",
        "9999-12-31T23:59:59-01:00", "1001-01-01T00:00:00Z", "1000-01-01T00:00:00Z", "9998-12-31T23:59:59Z",
        "2024-00-10T00:00:00Z", "2024-01-00T00:00:00Z", "2024-01-02T03:04:05.Z", "2024-01-02T03:04:05+0100",
        "2024-01-02T03:04:05 Z", "2024-01-02 03:04:05Z", "2024-01-02T03:04:05.5+01:00x", "abcd-ef-ghTij:kl:mnZ",
    ];

    [Fact]
    public void KindOfAscii_EveryStringNearTheShape_SameKindAsTheStringTest()
    {
        var random = new Random(17);
        const string alphabet = "0123456789-+:.TZz x";
        var checkedStrings = 0;
        var surely = 0;
        foreach (var seed in Seeds)
        {
            var variants = new List<string> { seed };
            for (var n = 0; n < 400; n++)
            {
                var chars = seed.ToCharArray();
                var edits = 1 + random.Next(2);
                for (var e = 0; e < edits; e++)
                {
                    chars[random.Next(chars.Length)] = alphabet[random.Next(alphabet.Length)];
                }
                variants.Add(new string(chars));
            }
            variants.Add(seed[..^1]);
            variants.Add(seed + "0");
            foreach (var text in variants)
            {
                var bytes = Encoding.ASCII.GetBytes(text);
                FieldType.KindOfAscii(bytes).Should().Be(FieldType.KindOf(text), text);
                if (FieldType.IsSurelyDateTime(bytes))
                {
                    surely++;
                    FieldType.KindOf(text).Should().Be(ValueKinds.DateTime, text);
                }
                checkedStrings++;
            }
        }
        checkedStrings.Should().BeGreaterThan(10_000);
        surely.Should().BeGreaterThan(500); // the quick path is really taken, not just always declining
    }

    [Theory]
    [InlineData("2024-01-02T03:04:05Z", true)]
    [InlineData("2024-01-02T03:04:05.1234567+13:59", true)]
    [InlineData("2024-02-29T00:00:00Z", true)]
    [InlineData("2023-02-29T00:00:00Z", false)]
    [InlineData("2024-01-02T03:04:05.12345678Z", false)] // more fraction than the quick test reads: asked of the parse
    [InlineData("2024-01-02T03:04:05z", false)]
    [InlineData("9999-12-31T23:59:59-01:00", false)]
    public void IsSurelyDateTime_TheUsualFormsOnly(string text, bool expected) =>
        FieldType.IsSurelyDateTime(Encoding.ASCII.GetBytes(text)).Should().Be(expected);
}
