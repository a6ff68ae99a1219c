using System.Text;

namespace Singer.Sdk.Tests.Serialization;

/// <summary>Lines far longer than the read buffer: read whole in one pass, and refused past max_line_bytes.</summary>
public sealed class LongLineTests
{
    private static async Task<List<SingerLine>> ReadAsync(byte[] bytes, long maxLineBytes = SingerReader.DefaultMaxLineBytes)
    {
        using var input = new MemoryStream(bytes);
        var reader = new SingerReader(input, maxLineBytes: maxLineBytes);
        var lines = new List<SingerLine>();
        await foreach (var line in reader.ReadAllAsync())
        {
            lines.Add(line);
        }
        return lines;
    }

    [Fact]
    public async Task ReadAllAsync_RecordLineOf100MB_ReadsTheWholeStringExactly()
    {
        // Two- to four-byte characters, so some of them straddle the pipe's 64 KiB segments: 11 UTF-8 bytes, 6 UTF-16 chars.
        var unit = "ab\u00e9\u20ac\U0001F600";
        var big = new StringBuilder(60_000_000).Insert(0, unit, 9_100_000).ToString(); // ~100 MB of UTF-8
        var text = """{"type":"SCHEMA","stream":"s","schema":{"properties":{"big":{"type":"string"}}},"key_properties":[]}""" + "\n"
            + """{"type":"RECORD","stream":"s","record":{"id":7,"big":""" + "\"" + big + "\"}}\n"
            + """{"type":"STATE","value":{"after":true}}""" + "\n";
        var bytes = Encoding.UTF8.GetBytes(text);
        text = null;

        var lines = await ReadAsync(bytes);

        lines.Should().HaveCount(3);
        var record = lines[1].Message.Should().BeOfType<RecordMessage>().Subject.Record;
        record["id"].Should().Be(7L);
        var read = record["big"].Should().BeOfType<string>().Subject;
        read.Length.Should().Be(54_600_000);
        (read == big).Should().BeTrue("the 100 MB string must come back character for character");
        lines[1].ByteCount.Should().Be(100_100_000 + 57 + 1); // the string, the JSON around it, the newline
        lines[2].LineNumber.Should().Be(3);
        lines[2].Message.Should().BeOfType<StateMessage>().Which.Value.Should().ContainKey("after");
    }

    [Fact]
    public async Task ReadAllAsync_LineOverMaxLineBytes_FailsNamingItsLine()
    {
        var text = """{"type":"STATE","value":{"n":1}}""" + "\n"
            + """{"type":"RECORD","stream":"s","record":{"pad":""" + "\"" + new string('x', 2000) + "\"}}\n";

        var act = () => ReadAsync(Encoding.UTF8.GetBytes(text), maxLineBytes: 1000);

        var error = (await act.Should().ThrowAsync<ProtocolException>()).Which;
        error.LineNumber.Should().Be(2);
        error.Message.Should().Be("line 2: the line is longer than max_line_bytes (1000 bytes); raise max_line_bytes to read it");
    }

    [Fact]
    public async Task ReadAllAsync_UnendedLineGrowingPastMaxLineBytes_FailsBeforeReadingItAll()
    {
        // 5 MB without a newline: refused once the part read passes the limit, not after it has all been held.
        var bytes = new byte[5_000_000];
        bytes.AsSpan().Fill((byte)' ');
        "{\"type\":\"STATE\",\"value\":{}}\n"u8.CopyTo(bytes);
        using var input = new CountingStream(bytes);
        var reader = new SingerReader(input, maxLineBytes: 300_000);

        var lines = new List<SingerLine>();
        var act = async () =>
        {
            await foreach (var line in reader.ReadAllAsync())
            {
                lines.Add(line);
            }
        };

        (await act.Should().ThrowAsync<ProtocolException>()).Which.Message
            .Should().Be("line 2: the line is longer than max_line_bytes (300000 bytes); raise max_line_bytes to read it");
        lines.Should().ContainSingle().Which.Message.Should().BeOfType<StateMessage>();
        input.BytesRead.Should().BeLessThan(1_000_000);
    }

    [Fact]
    public async Task ReadAllAsync_LineOfExactlyMaxLineBytes_IsRead()
    {
        const string line = """{"type":"STATE","value":{"n":1}}""";

        var lines = await ReadAsync(Encoding.UTF8.GetBytes(line + "\n"), maxLineBytes: line.Length);

        lines.Should().ContainSingle().Which.Message.Should().BeOfType<StateMessage>();
    }

    [Fact]
    public async Task ReadAllAsync_LongLineWithCrlfAndSurroundingSpaces_IsRead()
    {
        var big = new string('y', 200_000);
        var text = "  \t" + """{"type":"RECORD","stream":"s","record":{"big":""" + "\"" + big + "\"}}  \r\n" + "   \t \r\n";

        var lines = await ReadAsync(Encoding.UTF8.GetBytes(text));

        lines.Should().ContainSingle().Which.Message.Should().BeOfType<RecordMessage>().Which.Record["big"].Should().Be(big);
    }

    [Fact]
    public async Task ReadAllAsync_LongStringWithInvalidUtf8_IsInvalidJsonNamingTheLine()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"type":"RECORD","stream":"s","record":{"big":""" + "\"" + new string('z', 200_000) + "\"}}\n");
        bytes[100_000] = 0xFF;

        var act = () => ReadAsync(bytes);

        (await act.Should().ThrowAsync<ProtocolException>()).Which.Message.Should().StartWith("line 1: invalid JSON");
    }

    /// <summary>A stream over bytes that counts how much of it was read.</summary>
    private sealed class CountingStream(byte[] bytes) : MemoryStream(bytes)
    {
        public long BytesRead { get; private set; }

        // Only the array overload is counted: a type derived from MemoryStream has its span reads routed through it.
        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = base.Read(buffer, offset, count);
            BytesRead += read;
            return read;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));
    }
}
