using System.IO.Hashing;
using System.Text;
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
        // Decoded by the reader: bytes that are not UTF-8 fail here as they fail a parse.
        return Find(utf8, hash) ?? Remember(utf8, hash, reader.GetString()!);
    }

    /// <summary>The name whose bytes are <paramref name="printableAscii"/> (read by hand: nothing to unescape or check).</summary>
    public string GetName(ReadOnlySpan<byte> printableAscii)
    {
        if (printableAscii.Length > MaxNameBytes)
        {
            return Encoding.ASCII.GetString(printableAscii);
        }
        var hash = XxHash3.HashToUInt64(printableAscii);
        return Find(printableAscii, hash) ?? Remember(printableAscii, hash, Encoding.ASCII.GetString(printableAscii));
    }

    private string? Find(ReadOnlySpan<byte> utf8, ulong hash)
    {
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
        return null;
    }

    private string Remember(ReadOnlySpan<byte> utf8, ulong hash, string decoded)
    {
        if (_count < MaxEntries)
        {
            _byHash[hash] = _byHash.TryGetValue(hash, out var bucket) ? [.. bucket, (utf8.ToArray(), decoded)] : [(utf8.ToArray(), decoded)];
            _count++;
        }
        return decoded;
    }
}
