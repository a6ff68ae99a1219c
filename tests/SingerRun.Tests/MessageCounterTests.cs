using System.Text;
using SingerRun.Progress;

namespace SingerRun.Tests;

public sealed class MessageCounterTests
{
    private static readonly string Messages = string.Join("\n",
        """{"type":"SCHEMA","stream":"orders","schema":{},"key_properties":[]}""",
        """{"type":"RECORD","stream":"orders","record":{"id":1}}""",
        """{"type": "RECORD", "stream": "orders", "record": {"id": 2}}""",
        """{"type":"RECORD","stream":"a\"b","record":{"type":"STATE"}}""",
        """{"stream": "late type", "record": {"stream": "inner", "type": "x"}, "type": "RECORD"}""",
        """{"type":"STATE","value":{"type":"RECORD","stream":"not this"}}""",
        """{"record":{"type":"RECORD","stream":"inner"},"type":"ACTIVATE_VERSION","stream":"orders","version":1}""",
        """{"type":"RECORD","stream":"élan","record":{"s":"x"}}""",
        "",
        """{"type":"RECORD","stream":"orders","record":{"id":3}}""") + "\n";

    private static Dictionary<string, (long Records, long Bytes)> Counts(MessageCounter counter) =>
        counter.Streams.ToDictionary(s => s.Name, s => (s.Records, s.Bytes));

    [Fact]
    public void RecordsAndBytesPerStream_WhereverTheReadsSplitTheLines()
    {
        var bytes = Encoding.UTF8.GetBytes(Messages);
        var whole = new MessageCounter();
        whole.Add(bytes);
        var lines = Messages.Split('\n');
        long Bytes(params int[] at) => at.Sum(i => Encoding.UTF8.GetByteCount(lines[i]) + 1);
        var expected = new Dictionary<string, (long, long)>
        {
            ["orders"] = (3, Bytes(1, 2, 9)),
            ["a\"b"] = (1, Bytes(3)),
            ["late type"] = (1, Bytes(4)),
            ["élan"] = (1, Bytes(7)),
        };
        Counts(whole).Should().BeEquivalentTo(expected);
        whole.Lines.Should().Be(10);
        whole.Bytes.Should().Be(bytes.Length);
        whole.Streams.Select(s => s.Name).Should().Equal("orders", "a\"b", "late type", "élan");

        for (var size = 1; size < 70; size++)
        {
            var counter = new MessageCounter();
            for (var at = 0; at < bytes.Length; at += size)
            {
                counter.Add(bytes.AsSpan(at, Math.Min(size, bytes.Length - at)));
            }
            Counts(counter).Should().BeEquivalentTo(expected, $"reads of {size} bytes");
            counter.Lines.Should().Be(10);
        }
    }

    [Fact]
    public void ALineLongerThanTheKeptStart_IsCountedWhole()
    {
        var record = """{"type":"RECORD","stream":"big","record":{"s":""" + "\"" + new string('x', 100_000) + "\"}}\n";
        var counter = new MessageCounter();
        var bytes = Encoding.UTF8.GetBytes(record + record);
        counter.Add(bytes.AsSpan(0, 5000));
        counter.Add(bytes.AsSpan(5000));

        Counts(counter)["big"].Should().Be((2, bytes.Length));
    }

    [Fact]
    public void ALastLineWithoutNewline_IsNotCountedYet()
    {
        var counter = new MessageCounter();
        counter.Add("""{"type":"RECORD","stream":"t","record":{}}"""u8);

        counter.Streams.Should().BeEmpty();
        counter.Lines.Should().Be(0);
    }
}
