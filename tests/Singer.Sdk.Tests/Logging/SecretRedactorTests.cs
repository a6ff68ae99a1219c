using Singer.Sdk.Tests.Support;

namespace Singer.Sdk.Tests.Logging;

/// <summary>
/// A secret is masked where it stands as a value of its own, never inside a longer word or path, so text that merely
/// contains the same letters (a file name, a user named like the password) is printed as it is.
/// </summary>
[Collection(GlobalStateCollection.Name)]
public sealed class SecretRedactorTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string NewSecret() => "s" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public void Redact_SecretInsideAPath_LeftAsItIs()
    {
        var secret = NewSecret();
        SecretRedactor.Register(secret);

        SecretRedactor.Redact($"cannot read '/nonexistent.{secret}': not found; also /tmp/{secret}.json and {secret}_old")
            .Should().Be($"cannot read '/nonexistent.{secret}': not found; also /tmp/{secret}.json and {secret}_old");
    }

    [Theory]
    [InlineData("auth '{0}' rejected", "auth '********' rejected")]
    [InlineData("Host=h;Password={0};Port=1", "Host=h;Password=********;Port=1")]
    [InlineData("https://user:{0}@host/x", "https://user:********@host/x")]
    [InlineData("the password is {0}.", "the password is ********.")]
    [InlineData("{0}", "********")]
    [InlineData("\"password\": \"{0}\", \"{0}\"", "\"password\": \"********\", \"********\"")]
    [InlineData("SECRET_ACCESS_KEY '{0}' SESSION_TOKEN", "SECRET_ACCESS_KEY '********' SESSION_TOKEN")]
    public void Redact_SecretStandingAsAValue_Masked(string format, string expected)
    {
        var secret = NewSecret();
        SecretRedactor.Register(secret);

        SecretRedactor.Redact(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, secret)).Should().Be(expected);
    }

    [Fact]
    public void Redact_SecretWithSeparatorsInIt_MaskedWhole()
    {
        var secret = "p@ss:w0rd;" + Guid.NewGuid().ToString("N")[..6];
        SecretRedactor.Register(secret);

        SecretRedactor.Redact($"Password={secret};Host=h").Should().Be("Password=********;Host=h");
    }

    private static readonly SettingDefinition[] Settings =
    [
        new("user", "string", "User name."),
        new("password", "string", "Password.", Secret: true),
    ];

    [Fact]
    public void Validate_PasswordEqualToUserName_UserNamePrintedUnmasked()
    {
        var same = NewSecret();
        using var log = new LogCapture();

        ConfigLoader.Validate(new Dictionary<string, object?> { ["user"] = same, ["password"] = same }, Settings);
        Log.Critical($"cannot connect to MySQL at 127.0.0.1:3307 as '{same}': Access denied");

        log.Lines.Should().Equal($"CRITICAL cannot connect to MySQL at 127.0.0.1:3307 as '{same}': Access denied");
    }

    [Fact]
    public void Validate_NumericPassword_Masked()
    {
        var number = 100_000_000_000L + Random.Shared.NextInt64(1_000_000_000L);
        using var log = new LogCapture();

        ConfigLoader.Validate(new Dictionary<string, object?> { ["user"] = "u", ["password"] = number }, Settings);
        Log.Error($"login with '{number}' failed");

        log.Lines.Should().Equal("ERROR login with '********' failed");
    }
}
