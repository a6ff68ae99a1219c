using Singer.Sdk;
using Xunit;

namespace Singer.Sdk.Tests;

public sealed class NamePatternTests
{
    [Theory]
    [InlineData("orders", "orders", true)]
    [InlineData("orders", "Orders", false)]
    [InlineData("ord*", "orders", true)]
    [InlineData("ord*", "ord", true)]
    [InlineData("*s", "orders", true)]
    [InlineData("order?", "orders", true)]
    [InlineData("order?", "order", false)]
    [InlineData("[ab]c", "bc", true)]
    [InlineData("[!ab]c", "bc", false)]
    [InlineData("[!ab]c", "xc", true)]
    [InlineData("a.b", "axb", false)]
    [InlineData("a[", "a[", true)]
    [InlineData("db-*", "db-one\n", true)]
    [InlineData("orders", "orders\n", false)]
    [InlineData("(x)+", "(x)+", true)]
    public void Matches_the_whole_name_as_fnmatch(string pattern, string name, bool expected)
    {
        Assert.Equal(expected, NamePattern.ToRegex(pattern).IsMatch(name));
    }

    [Theory]
    [InlineData("orders", false)]
    [InlineData("a*", true)]
    [InlineData("a?", true)]
    [InlineData("[ab]", true)]
    public void Tells_a_pattern_from_a_plain_name(string pattern, bool expected)
    {
        Assert.Equal(expected, NamePattern.HasWildcard(pattern));
    }
}
