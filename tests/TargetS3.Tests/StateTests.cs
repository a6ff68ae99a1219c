using System.Text;
using Singer.Sdk;
using SingerNet.Tests;
using TargetS3.Tests.Support;

namespace TargetS3.Tests;

/// <summary>A STATE is passed on only once every record before it is in a complete object.</summary>
public sealed class StateTests
{
    [Fact]
    public async Task Process_EveryState_ComesAfterTheObjectsHoldingItsRecords()
    {
        await using var bucket = await S3TestBucket.CreateAsync("s3");
        var stream = new SingerStream()
            .Schema("a", """{"id":{"type":"integer"}}""")
            .Schema("b", """{"id":{"type":"integer"}}""");
        for (var i = 1; i <= 7; i++)
        {
            stream.Record(i % 2 == 0 ? "b" : "a", $$"""{"id":{{i}}}""").State($$"""{"last":{{i}}}""");
        }
        // At each state the target prints, read the whole bucket: every id up to the state's must already be there.
        var seen = new List<(long State, List<long> Ids)>();
        var config = ConfigLoader.Validate(TestConfig.For(bucket.Name, new() { ["batch_size_rows"] = 2L }), S3Settings.About.Settings);
        using var target = new S3Target(config);
        await using var output = new StateProbeStream(async line =>
        {
            var state = (long)((Dictionary<string, object?>)SingerJson.Parse(line)!)["last"]!;
            seen.Add((state, await IdsInBucketAsync(bucket)));
        });

        await TargetRunner.ProcessAsync(target, new MemoryStream(Encoding.UTF8.GetBytes(stream.ToString())), output, CancellationToken.None);

        seen.Should().NotBeEmpty();
        seen[^1].State.Should().Be(7);
        foreach (var (state, ids) in seen)
        {
            ids.Should().OnlyHaveUniqueItems().And.Contain(Enumerable.Range(1, (int)state).Select(i => (long)i), $"state {{\"last\":{state}}} was printed");
        }
        (await IdsInBucketAsync(bucket)).Order().Should().Equal(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    }

    private static async Task<List<long>> IdsInBucketAsync(S3TestBucket bucket)
    {
        var ids = new List<long>();
        foreach (var key in await bucket.KeysAsync())
        {
            foreach (var line in (await bucket.TextAsync(key)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                ids.Add((long)((Dictionary<string, object?>)SingerJson.Parse(line)!)["id"]!);
            }
        }
        return ids;
    }
}
