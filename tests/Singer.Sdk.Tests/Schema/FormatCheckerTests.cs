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
}
