namespace StandardTargetTests;

/// <summary>target-s3 run as a process writing JSONL to its own bucket on s3rver; rows are the records read back from every object of the stream.</summary>
public sealed class S3StandardTarget : IStandardTarget
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "singernet-standard-s3-" + Guid.NewGuid().ToString("N")[..12]);
    private S3TestBucket? _bucket;

    public string Name => "s3";

    public async Task<TargetRun> RunAsync(string stream)
    {
        _bucket ??= await S3TestBucket.CreateAsync("std");
        Directory.CreateDirectory(_directory);
        var config = Path.Combine(_directory, "config.json");
        await File.WriteAllTextAsync(config, new JsonObject
        {
            ["s3_bucket"] = _bucket.Name,
            ["endpoint_url"] = ServiceEnvironment.S3Endpoint,
            ["aws_access_key_id"] = ServiceEnvironment.S3AccessKey,
            ["aws_secret_access_key"] = ServiceEnvironment.S3SecretKey,
            ["format"] = "jsonl",
        }.ToJsonString());
        return StandardRun.FromProcess(await Executable.RunAsync("target-s3", ["--config", config], stdin: stream));
    }

    public async Task<IReadOnlyList<string?[]>> RowsAsync(string stream, IReadOnlyList<string> fields)
    {
        var rows = new List<string?[]>();
        foreach (var key in await _bucket!.KeysAsync(stream + "/"))
        {
            foreach (var line in (await _bucket.TextAsync(key)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var record = JsonNode.Parse(line)!.AsObject();
                rows.Add(fields.Select(f => record[f] switch
                {
                    null => null,
                    JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String => value.GetValue<string>(),
                    var other => TextValue.Normalize(other.ToJsonString()),
                }).ToArray());
            }
        }
        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        if (_bucket is not null)
        {
            await _bucket.DisposeAsync();
        }
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
