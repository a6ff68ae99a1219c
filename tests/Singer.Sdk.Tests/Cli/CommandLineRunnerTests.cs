using Singer.Sdk.Tests.Support;

namespace Singer.Sdk.Tests.Cli;

[Collection(GlobalStateCollection.Name)]
public sealed class CommandLineRunnerTests : IDisposable
{
    private readonly LogCapture _log = new();

    public void Dispose() => _log.Dispose();

    private static async Task<(int ExitCode, TOptions? Options, string Stdout)> RunAsync<TOptions>(params string[] args)
        where TOptions : class
    {
        TOptions? seen = null;
        var stdout = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(stdout);
        try
        {
            var exitCode = await CommandLineRunner.RunAsync<TOptions>(args, (options, _) =>
            {
                seen = options;
                return Task.FromResult(7);
            });
            return (exitCode, seen, stdout.ToString());
        }
        finally
        {
            Console.SetOut(previous);
        }
    }

    [Fact]
    public async Task RunAsync_TapFlags_AreParsedWithRepeatedConfigInOrder()
    {
        var (exitCode, options, _) = await RunAsync<TapOptions>("--config", "a.json", "--config", "b.json", "--state", "s.json", "--catalog", "c.json");

        exitCode.Should().Be(7, "the body's exit code is the process exit code");
        options!.Config.Should().Equal("a.json", "b.json");
        options.State.Should().Be("s.json");
        options.Catalog.Should().Be("c.json");
        options.CatalogPath.Should().Be("c.json");
        options.Discover.Should().BeFalse();
        options.About.Should().BeFalse();
        options.Format.Should().Be("json");
    }

    [Fact]
    public async Task RunAsync_ThreeConfigs_KeepCommandLineOrder()
    {
        var (_, options, _) = await RunAsync<TapOptions>("--config", "z.json", "--discover", "--config", "a.json", "--config", "m.json");

        options!.Config.Should().Equal("z.json", "a.json", "m.json");
        options.Discover.Should().BeTrue();
    }

    [Fact]
    public async Task RunAsync_Properties_IsTheCatalogAlias()
    {
        var (_, options, _) = await RunAsync<TapOptions>("--config", "a.json", "--properties", "p.json");

        options!.Properties.Should().Be("p.json");
        options.Catalog.Should().BeNull();
        options.CatalogPath.Should().Be("p.json");
    }

    [Fact]
    public async Task RunAsync_CatalogAndProperties_CatalogWins()
    {
        var (_, options, _) = await RunAsync<TapOptions>("--properties", "p.json", "--catalog", "c.json");

        options!.CatalogPath.Should().Be("c.json");
    }

    [Fact]
    public async Task RunAsync_AboutMarkdownAndTest_AreParsed()
    {
        var (_, about, _) = await RunAsync<TapOptions>("--about", "--format", "markdown");
        var (_, test, _) = await RunAsync<TapOptions>("--config", "a.json", "--test");

        about!.About.Should().BeTrue();
        about.Format.Should().Be("markdown");
        test!.Test.Should().BeTrue();
    }

    [Fact]
    public async Task RunAsync_TargetFlags_AreParsed()
    {
        var (exitCode, options, _) = await RunAsync<TargetOptions>("--config", "a.json", "--config", "b.json", "--input", "in.singer");

        exitCode.Should().Be(7);
        options!.Config.Should().Equal("a.json", "b.json");
        options.Input.Should().Be("in.singer");
    }

    [Fact]
    public async Task RunAsync_UnknownFlag_ExitsTwoWithoutRunningTheBody()
    {
        var (exitCode, options, _) = await RunAsync<TapOptions>("--config", "a.json", "--bogus");

        exitCode.Should().Be(ExitCodes.BadUsage);
        options.Should().BeNull();
        _log.Lines.Should().Equal("CRITICAL usage: unknown flag --bogus (see --help)");
    }

    [Fact]
    public async Task RunAsync_TargetGivenATapFlag_ExitsTwo()
    {
        var (exitCode, options, _) = await RunAsync<TargetOptions>("--config", "a.json", "--catalog", "c.json");

        exitCode.Should().Be(ExitCodes.BadUsage);
        options.Should().BeNull();
    }

    [Theory]
    [InlineData("--config", "c.json", "--catalog", "cat.json", "--state")]
    [InlineData("--config", "c.json", "--catalog")]
    [InlineData("--config")]
    [InlineData("--about", "--format")]
    public async Task RunAsync_ValueFlagGivenLast_ExitsTwoInsteadOfIgnoringIt(params string[] args)
    {
        var (exitCode, options, _) = await RunAsync<TapOptions>(args);

        exitCode.Should().Be(ExitCodes.BadUsage);
        options.Should().BeNull();
        _log.Lines.Should().Equal($"CRITICAL usage: flag {args[^1]} needs a value");
    }

    [Fact]
    public async Task RunAsync_ValueFlagFollowedByAnotherFlag_ExitsTwoInsteadOfTakingTheFlagAsItsValue()
    {
        // CommandLineParser 2.9.1 alone would set State to "catalog" and drop the catalog.
        var (exitCode, options, _) = await RunAsync<TapOptions>("--config", "c.json", "--state", "--catalog", "cat.json");

        exitCode.Should().Be(ExitCodes.BadUsage);
        options.Should().BeNull();
        _log.Lines.Should().Equal("CRITICAL usage: flag --state needs a value");
    }

    [Fact]
    public async Task RunAsync_TargetInputWithoutValue_ExitsTwo()
    {
        var (exitCode, _, _) = await RunAsync<TargetOptions>("--input", "--config", "c.json");

        exitCode.Should().Be(ExitCodes.BadUsage);
        _log.Lines.Should().Equal("CRITICAL usage: flag --input needs a value");
    }

    [Fact]
    public async Task RunAsync_ValueAttachedWithEquals_IsAccepted()
    {
        var (exitCode, options, _) = await RunAsync<TapOptions>("--config=c.json", "--state=s.json");

        exitCode.Should().Be(7);
        options!.Config.Should().Equal("c.json");
        options.State.Should().Be("s.json");
    }

    [Fact]
    public async Task RunAsync_Help_PrintsEveryFlagAndExitsZero()
    {
        var (exitCode, options, stdout) = await RunAsync<TapOptions>("--help");

        exitCode.Should().Be(ExitCodes.Ok);
        options.Should().BeNull();
        stdout.Should().Contain("--config").And.Contain("--properties").And.Contain("Legacy alias of --catalog.").And.Contain("--state");
        _log.Text.Should().BeEmpty();
    }

    [Fact]
    public async Task RunAsync_Version_PrintsTheVersionAndExitsZero()
    {
        var (exitCode, options, stdout) = await RunAsync<TapOptions>("--version");

        exitCode.Should().Be(ExitCodes.Ok);
        options.Should().BeNull();
        stdout.Trim().Should().Be(AboutInfo.Version);
    }

    [Fact]
    public async Task RunAsync_Verbose_TurnsOnDebugLogging()
    {
        var (_, options, _) = await RunAsync<TapOptions>("--verbose");
        Log.Debug("now visible");

        options!.Verbose.Should().BeTrue();
        Log.Verbose.Should().BeTrue();
        _log.Lines.Should().Equal("DEBUG now visible");
    }

    [Fact]
    public async Task RunGuardedAsync_ConfigurationException_ExitsTwoWithOneCriticalLine()
    {
        var exitCode = await CommandLineRunner.RunGuardedAsync(_ => throw new ConfigurationException("--config is required"), verbose: false);

        exitCode.Should().Be(ExitCodes.BadUsage);
        _log.Lines.Should().Equal("CRITICAL --config is required");
    }

    [Fact]
    public async Task RunGuardedAsync_SingerException_ExitsOne()
    {
        var exitCode = await CommandLineRunner.RunGuardedAsync(_ => throw new ProtocolException(3, "RECORD for stream 'x' before its SCHEMA"), verbose: false);

        exitCode.Should().Be(ExitCodes.RuntimeFailure);
        _log.Lines.Should().Equal("CRITICAL line 3: RECORD for stream 'x' before its SCHEMA");
    }

    [Fact]
    public async Task RunGuardedAsync_OtherException_ExitsOneNamingTheTypeOnOneLine()
    {
        var exitCode = await CommandLineRunner.RunGuardedAsync(_ => throw new InvalidOperationException("boom\nsecond line"), verbose: false);

        exitCode.Should().Be(ExitCodes.RuntimeFailure);
        _log.Lines.Should().Equal("CRITICAL InvalidOperationException: boom second line");
    }

    [Fact]
    public async Task RunGuardedAsync_OtherExceptionVerbose_AddsTheStackTrace()
    {
        var exitCode = await CommandLineRunner.RunGuardedAsync(_ => throw new InvalidOperationException("boom"), verbose: true);

        exitCode.Should().Be(ExitCodes.RuntimeFailure);
        _log.Lines[0].Should().Be("CRITICAL InvalidOperationException: boom");
        _log.Lines[1].Should().StartWith("CRITICAL System.InvalidOperationException: boom");
        _log.Text.Should().Contain(nameof(RunGuardedAsync_OtherExceptionVerbose_AddsTheStackTrace));
    }

    [Fact]
    public async Task RunGuardedAsync_ErrorMentioningASecret_IsMasked()
    {
        var secret = "pw-" + Guid.NewGuid().ToString("N");
        SecretRedactor.Register(secret);

        await CommandLineRunner.RunGuardedAsync(_ => throw new ConfigurationException($"access denied for password {secret}"), verbose: false);

        _log.Lines.Should().Equal("CRITICAL access denied for password ********");
    }

    [Fact]
    public async Task RunGuardedAsync_Success_ReturnsTheBodysExitCodeAndLogsNothing()
    {
        var exitCode = await CommandLineRunner.RunGuardedAsync(_ => Task.FromResult(ExitCodes.Ok), verbose: false);

        exitCode.Should().Be(ExitCodes.Ok);
        _log.Text.Should().BeEmpty();
    }
}
