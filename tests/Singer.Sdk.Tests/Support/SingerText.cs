using System.Text;

namespace Singer.Sdk.Tests.Support;

/// <summary>Runs text through the real reader and writer, so tests state streams as plain strings.</summary>
internal static class SingerText
{
    public static Task<List<SingerLine>> ReadAsync(string text) => ReadAsync(Encoding.UTF8.GetBytes(text));

    public static async Task<List<SingerLine>> ReadAsync(byte[] bytes, Action<ProtocolException>? onBadLine = null)
    {
        using var input = new MemoryStream(bytes);
        var reader = new SingerReader(input, onBadLine);
        var lines = new List<SingerLine>();
        await foreach (var line in reader.ReadAllAsync())
        {
            lines.Add(line);
        }
        return lines;
    }

    public static async Task<SingerMessage> ReadOneAsync(string line)
    {
        var lines = await ReadAsync(line);
        return lines.Should().ContainSingle().Subject.Message;
    }

    public static async Task<string> WriteAsync(IEnumerable<SingerMessage> messages)
    {
        using var output = new MemoryStream();
        await using (var writer = new SingerWriter(output))
        {
            foreach (var message in messages)
            {
                await writer.WriteAsync(message);
            }
        }
        return Encoding.UTF8.GetString(output.ToArray());
    }

    /// <summary>Reads then writes back: what a pass-through tool would emit.</summary>
    public static async Task<string> RoundTripAsync(string text)
    {
        var lines = await ReadAsync(text);
        return await WriteAsync(lines.Select(l => l.Message));
    }

    public static Dictionary<string, object?> Object(string json) =>
        SingerJson.Parse(json) as Dictionary<string, object?> ?? throw new ArgumentException("not a JSON object", nameof(json));
}
