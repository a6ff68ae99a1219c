using System.Text;
using Singer.Sdk;
using TargetRedshift.Tests.Support;

namespace TargetRedshift.Tests;

/// <summary>The cluster's port and timeouts: checked when the target is made, and one line naming the endpoint when it does not answer.</summary>
[Collection(GlobalStateCollection.Name)]
public sealed class RedshiftEndpointTests
{
    [Theory]
    [InlineData("port", 0L, "config key 'port' must be between 1 and 65535, not 0")]
    [InlineData("port", 70000L, "config key 'port' must be between 1 and 65535, not 70000")]
    [InlineData("connect_timeout", 0L, "config key 'connect_timeout' must be a positive number of seconds, not 0")]
    [InlineData("connect_timeout", -1L, "config key 'connect_timeout' must be a positive number of seconds, not -1")]
    [InlineData("command_timeout", 0L, "config key 'command_timeout' must be a positive number of seconds, not 0")]
    public void Constructor_KeyOutOfRange_ThrowsConfigurationNamingIt(string key, long value, string message)
    {
        var config = TestConfig.Load(TestConfig.S3("bucket", new() { [key] = value }), registerSecrets: false);

        var make = () => new RedshiftTarget(config);

        make.Should().Throw<ConfigurationException>().WithMessage(message).Which.ExitCode.Should().Be(2);
    }

    [Fact]
    public async Task ProcessAsync_ClusterAcceptsButNeverAnswers_ThrowsConfigurationNamingEndpointAndConnectTimeout()
    {
        await using var server = SilentServer.Start();
        var port = server.Port;
        var config = TestConfig.Load(TestConfig.S3("bucket", new() { ["host"] = "127.0.0.1", ["port"] = (long)port, ["connect_timeout"] = 1L }), registerSecrets: false);
        await using var stdin = new MemoryStream(Encoding.UTF8.GetBytes(""));
        await using var stdout = new MemoryStream();

        var run = () => TargetRunner.ProcessAsync(new RedshiftTarget(config), stdin, stdout, CancellationToken.None);

        (await run.Should().ThrowAsync<ConfigurationException>())
            .WithMessage($"cannot connect to Redshift at 127.0.0.1:{port} as 'loader': no answer within connect_timeout 1 s");
    }
}
