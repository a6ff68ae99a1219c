using TapMysql.Binlog;
using TapMysql.Binlog.Protocol;

namespace TapMysql.Tests;

/// <summary>The packet channel on in-memory streams: payloads of 16 MiB and more joined from their packets.</summary>
public sealed class BinlogPacketTests
{
    private const int MaxPayload = 0xFFFFFF;

    private static void WritePacket(Stream stream, byte sequence, ReadOnlySpan<byte> payload)
    {
        stream.Write([(byte)payload.Length, (byte)(payload.Length >> 8), (byte)(payload.Length >> 16), sequence]);
        stream.Write(payload);
    }

    private static byte[] Pattern(int length, int seed) => Enumerable.Range(seed, length).Select(i => (byte)(i * 31)).ToArray();

    private static PacketChannel Channel(Stream stream) => new(stream, TimeSpan.FromSeconds(5), "test:1");

    [Fact]
    public async Task Read_PayloadOverMaximum_JoinedFromPackets()
    {
        var first = Pattern(MaxPayload, 1);
        var rest = Pattern(1000, 7);
        var stream = new MemoryStream();
        WritePacket(stream, 0, first);
        WritePacket(stream, 1, rest);
        WritePacket(stream, 2, [42]);
        stream.Position = 0;
        using var channel = Channel(stream);

        var joined = (await channel.ReadAsync("testing", CancellationToken.None)).ToArray();
        var next = (await channel.ReadAsync("testing", CancellationToken.None)).ToArray();

        joined.Should().HaveCount(MaxPayload + 1000);
        joined.AsSpan(0, MaxPayload).SequenceEqual(first).Should().BeTrue();
        joined.AsSpan(MaxPayload).SequenceEqual(rest).Should().BeTrue();
        next.Should().Equal(42);
    }

    [Fact]
    public async Task Read_PayloadOfExactlyMaximum_EndsWithEmptyPacket()
    {
        var stream = new MemoryStream();
        WritePacket(stream, 0, Pattern(MaxPayload, 3));
        WritePacket(stream, 1, []);
        WritePacket(stream, 2, [1, 2]);
        stream.Position = 0;
        using var channel = Channel(stream);

        (await channel.ReadAsync("testing", CancellationToken.None)).Length.Should().Be(MaxPayload);
        (await channel.ReadAsync("testing", CancellationToken.None)).ToArray().Should().Equal(1, 2);
    }

    [Fact]
    public async Task Read_StreamEndsMidPacket_OneLineNamingServer()
    {
        var stream = new MemoryStream();
        stream.Write([10, 0, 0, 0, 1, 2]);
        stream.Position = 0;
        using var channel = Channel(stream);

        var act = async () => await channel.ReadAsync("reading the binlog", CancellationToken.None);

        await act.Should().ThrowAsync<BinlogProtocolException>().WithMessage("MySQL at test:1 closed the connection while reading the binlog");
    }
}
