using System.Globalization;
using System.Text.RegularExpressions;
using CsCheck;

namespace Singer.Sdk.Tests.Schema;

public sealed class FormatCheckerTests
{
    [Theory]
    [InlineData("2024-01-01T23:17:20.116739Z", 2024, 1, 1, 23, 17, 20, 1167390)]
    [InlineData("1000-01-01T00:00:00.000001Z", 1000, 1, 1, 0, 0, 0, 10)]
    [InlineData("9999-12-31T23:59:59.9999999Z", 9999, 12, 31, 23, 59, 59, 9999999)]
    [InlineData("2024-02-29T12:00:00.5Z", 2024, 2, 29, 12, 0, 0, 5000000)]
    [InlineData("2024-01-01T00:00:30Z", 2024, 1, 1, 0, 0, 30, 0)]
    public void TryParseDateTime_SingerForm_ExactToTheTick(string text, int year, int month, int day, int hour, int minute, int second, long fractionTicks)
    {
        FormatChecker.TryParseDateTime(text, out var value).Should().BeTrue();

        value.Should().Be(new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero).AddTicks(fractionTicks));
        value.Offset.Should().Be(TimeSpan.Zero);
    }

    [Theory]
    [InlineData("2024-13-01T00:00:00.000000Z")]
    [InlineData("2023-02-29T00:00:00.000000Z")]
    [InlineData("2024-01-01T24:00:00.000000Z")]
    [InlineData("2024-01-01T00:60:00.000000Z")]
    [InlineData("0000-01-01T00:00:00.000000Z")]
    [InlineData("2024-01-01T-1:00:00.000000Z")]
    public void TryParseDateTime_ImpossibleDateOrTime_Rejected(string text)
    {
        FormatChecker.TryParseDateTime(text, out _).Should().BeFalse();
    }

    [Fact]
    public void TryParseDateTime_OffsetForm_ConvertedToTheSameInstant()
    {
        FormatChecker.TryParseDateTime("2024-01-01T02:00:00.250+02:00", out var value).Should().BeTrue();

        value.UtcDateTime.Should().Be(new DateTime(2024, 1, 1, 0, 0, 0, 250, DateTimeKind.Utc));
    }

    /// <summary>The check on a record's bytes takes exactly what the canonical parser takes: valid datetimes changed at one place.</summary>
    [Fact]
    public void IsCanonicalDateTime_TakesWhatTheCanonicalParserTakes()
    {
        var taken = 0;
        var valid = Gen.Select(Gen.Int[1, 9999], Gen.Int[1, 12], Gen.Int[1, 31], Gen.Int[0, 23], Gen.Int[0, 59], Gen.Int[0, 59], Gen.Int[0, 8],
            (y, mo, d, h, mi, s, f) => $"{y:D4}-{mo:D2}-{d:D2}T{h:D2}:{mi:D2}:{s:D2}" + (f == 0 ? "" : "." + new string('7', f)) + "Z");
        var change = Gen.Select(Gen.Int[0, 3], Gen.Int[0, 40], Gen.Char["0123456789-:.TZz /a"]);
        Gen.Select(valid, change).Sample((text, c) =>
        {
            var at = c.Item2 % (text.Length + 1);
            var changed = c.Item1 switch
            {
                1 => text[..at] + c.Item3 + text[Math.Min(at + 1, text.Length)..],
                2 => text[..at] + c.Item3 + text[at..],
                3 => text[..at] + text[Math.Min(at + 1, text.Length)..],
                _ => text,
            };
            var utf8 = System.Text.Encoding.UTF8.GetBytes(changed);
            // Told apart without our code: the shape by a pattern, the date and time by .NET's exact parser.
            var expected = CanonicalShape.IsMatch(changed) && DateTime.TryParseExact(changed[..19], "yyyy-MM-dd'T'HH:mm:ss",
                CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
            if (expected)
            {
                Interlocked.Increment(ref taken);
            }

            FormatChecker.IsCanonicalDateTime(utf8).Should().Be(expected, changed);
            FormatChecker.TryParseCanonical<byte>(utf8, out var parsed).Should().Be(expected, changed);
            if (expected)
            {
                parsed.Should().Be(DateTimeOffset.Parse(changed, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind), changed);
            }
        }, iter: 20000);

        taken.Should().BeGreaterThan(2000);
    }

    private static readonly Regex CanonicalShape = new(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,7})?Z$");
}
