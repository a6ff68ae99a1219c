using Singer.Sdk.Tests.Support;

namespace Singer.Sdk.Tests.Cli;

public sealed class PluginConfigTests
{
    private static PluginConfig Config(string json) => new(SingerText.Object(json));

    [Theory]
    [InlineData("3306")]
    [InlineData("\"3306\"")]
    [InlineData("\" 3306 \"")]
    [InlineData("3306.0")]
    public void GetLong_NumberOrNumericString_IsTheInteger(string port)
    {
        Config($$"""{"port": {{port}}}""").GetLong("port").Should().Be(3306);
    }

    [Fact]
    public void GetLong_Missing_IsNullOrTheDefault()
    {
        var config = Config("""{"port": null}""");

        config.GetLong("port").Should().BeNull();
        config.GetLong("port", 3306).Should().Be(3306);
        config.GetLong("absent", 1).Should().Be(1);
        config.Has("port").Should().BeFalse();
    }

    [Theory]
    [InlineData("\"abc\"", "string \"abc\"")]
    [InlineData("1.5", "1.5")]
    [InlineData("true", "true")]
    [InlineData("[1]", "an array")]
    [InlineData("18446744073709551615", "18446744073709551615")]
    public void GetLong_WrongType_NamesTheKey(string value, string described)
    {
        var act = () => Config($$"""{"port": {{value}}}""").GetLong("port");

        act.Should().Throw<ConfigurationException>().WithMessage($"config key 'port' must be an integer, got {described}");
    }

    [Fact]
    public void GetInt_BeyondInt_NamesTheKey()
    {
        var act = () => Config("""{"batch": 3000000000}""").GetInt("batch", 1);

        act.Should().Throw<ConfigurationException>().WithMessage("config key 'batch' must be a 32-bit integer, got 3000000000");
        Config("""{"batch": "42"}""").GetInt("batch", 1).Should().Be(42);
        Config("{}").GetInt("batch", 7).Should().Be(7);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("\"true\"", true)]
    [InlineData("\"True\"", true)]
    [InlineData("\"yes\"", true)]
    [InlineData("\"1\"", true)]
    [InlineData("\"on\"", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    [InlineData("\"false\"", false)]
    [InlineData("\"no\"", false)]
    [InlineData("\"0\"", false)]
    [InlineData("\"\"", false)]
    [InlineData("0", false)]
    public void GetBool_BooleanLikeValues_AreRead(string value, bool expected)
    {
        Config($$"""{"ssl": {{value}}}""").GetBool("ssl", !expected).Should().Be(expected);
    }

    [Fact]
    public void GetBool_Missing_IsTheDefault()
    {
        Config("{}").GetBool("ssl", true).Should().BeTrue();
        Config("""{"ssl": null}""").GetBool("ssl", false).Should().BeFalse();
    }

    [Theory]
    [InlineData("\"maybe\"", "string \"maybe\"")]
    [InlineData("1.5", "1.5")]
    [InlineData("{}", "an object")]
    public void GetBool_WrongType_NamesTheKey(string value, string described)
    {
        var act = () => Config($$"""{"ssl": {{value}}}""").GetBool("ssl", false);

        act.Should().Throw<ConfigurationException>().WithMessage($"config key 'ssl' must be a boolean, got {described}");
    }

    [Fact]
    public void GetStringList_CommaSeparatedString_IsSplitAndTrimmed()
    {
        Config("""{"tables": "a, b,,c "}""").GetStringList("tables").Should().Equal("a", "b", "c");
    }

    [Fact]
    public void GetStringList_JsonList_IsTaken()
    {
        Config("""{"tables": ["a", "b"]}""").GetStringList("tables").Should().Equal("a", "b");
        Config("{}").GetStringList("tables").Should().BeEmpty();
    }

    [Fact]
    public void GetStringList_ListOfNonStrings_NamesTheKey()
    {
        var act = () => Config("""{"tables": ["a", 1]}""").GetStringList("tables");

        act.Should().Throw<ConfigurationException>().WithMessage("config key 'tables' must be a list of strings, got an array");
    }

    [Fact]
    public void GetString_ScalarsAreText_ObjectsAreNot()
    {
        var config = Config("""{"s": "x", "n": 3306, "d": 1.50, "b": false, "o": {"a": 1}}""");

        config.GetString("s").Should().Be("x");
        config.GetString("n").Should().Be("3306");
        config.GetString("d").Should().Be("1.50");
        config.GetString("b").Should().Be("false");
        config.GetString("absent").Should().BeNull();
        var act = () => config.GetString("o");
        act.Should().Throw<ConfigurationException>().WithMessage("config key 'o' must be a string, got an object");
    }

    [Fact]
    public void GetRequiredString_EmptyOrMissing_IsAnError()
    {
        var config = Config("""{"host": "", "user": "u"}""");

        config.GetRequiredString("user").Should().Be("u");
        var empty = () => config.GetRequiredString("host");
        var missing = () => config.GetRequiredString("absent");
        empty.Should().Throw<ConfigurationException>().WithMessage("config key 'host' is required");
        missing.Should().Throw<ConfigurationException>().WithMessage("config key 'absent' is required");
    }

    [Fact]
    public void GetObject_ObjectMissingOrWrongType_ReturnsOrNamesTheKey()
    {
        var config = Config("""{"ssh": {"host": "bastion"}, "bad": "x"}""");

        config.GetObject("ssh")!["host"].Should().Be("bastion");
        config.GetObject("absent").Should().BeNull();
        var act = () => config.GetObject("bad");
        act.Should().Throw<ConfigurationException>().WithMessage("config key 'bad' must be an object, got string \"x\"");
    }
}
