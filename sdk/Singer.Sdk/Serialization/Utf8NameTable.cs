using System.IO.Hashing;
using System.Text.Json;

namespace Singer.Sdk.Serialization;

/// <summary>
/// Remembers the property names of a stream's records, so the millionth record with the same seven
/// keys allocates no key strings: a name is looked up by its UTF-8 bytes. Bounded; escaped names and
/// names past the bound are simply decoded each time.
/// </summary>
internal sealed class Utf8NameTable
{
    private const int MaxEntries = 4096;
    private const int MaxNameBytes = 128;
    private readonly Dictionary<ulong, (byte[] Utf8, string Name)[]> _byHash = [];
    private int _count;

    public string GetName(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > MaxNameBytes)
        {
            return reader.GetString()!;
        }
        var utf8 = reader.ValueSpan;
        var hash = XxHash3.HashToUInt64(utf8);
        if (_byHash.TryGetValue(hash, out var bucket))
        {
            foreach (var (bytes, name) in bucket)
            {
                if (utf8.SequenceEqual(bytes))
                {
                    return name;
                }
            }
        }
        var decoded = reader.GetString()!;
        if (_count < MaxEntries)
        {
            _byHash[hash] = bucket is null ? [(utf8.ToArray(), decoded)] : [.. bucket, (utf8.ToArray(), decoded)];
            _count++;
        }
        return decoded;
    }
}
