using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using Singer.Sdk;

namespace SingerMap;

/// <summary>
/// The dedupe built-in for one stream: records whose key property values repeat within the run are dropped. Keeping
/// the first passes the first record of each key on at once; keeping the last holds one record per key (the latest,
/// in the order keys were first seen) until <see cref="Drain"/>. Keys compare by their JSON text, so 1 and 1.0 are
/// different keys. A record with a key property null or missing is never dropped.
/// <para>
/// A key is remembered as the 128-bit XXH3 hash of its values (16 bytes, whatever the key's length): a million keys
/// take tens of megabytes, not hundreds. Two different keys would have to share a hash (odds around 2^-128 per pair)
/// for a record to be dropped wrongly.
/// </para>
/// </summary>
internal sealed class Deduper(IReadOnlyList<string> keyProperties, KeepRecord keep)
{
    private readonly HashSet<UInt128> _seen = [];
    private readonly Dictionary<UInt128, RecordMessage> _held = [];
    private readonly ArrayBufferWriter<byte> _keyBytes = new(256);

    public KeepRecord Keep => keep;

    public long Dropped { get; private set; }

    public long WithoutKey { get; private set; }

    public bool HasHeld => _held.Count > 0;

    /// <summary>The record to pass on now, or null when it is dropped or held.</summary>
    public RecordMessage? Offer(RecordMessage record)
    {
        if (Key(record.Record) is not { } key)
        {
            WithoutKey++;
            return record;
        }
        if (keep == KeepRecord.First)
        {
            if (_seen.Add(key))
            {
                return record;
            }
            Dropped++;
            return null;
        }
        if (_held.ContainsKey(key))
        {
            Dropped++;
        }
        _held[key] = record;
        return null;
    }

    /// <summary>The held records, each key's latest, in the order the keys were first seen; the hold is emptied.</summary>
    public IReadOnlyList<RecordMessage> Drain()
    {
        var records = _held.Values.ToList();
        _held.Clear();
        return records;
    }

    /// <summary>The hash of the key's values, each written with a type tag and its length so no two keys share bytes.</summary>
    private UInt128? Key(Dictionary<string, object?> record)
    {
        _keyBytes.ResetWrittenCount();
        foreach (var name in keyProperties)
        {
            switch (record.GetValueOrDefault(name))
            {
                case null:
                    return null;
                case long number:
                    _keyBytes.GetSpan(1)[0] = (byte)'i';
                    _keyBytes.Advance(1);
                    BinaryPrimitives.WriteInt64LittleEndian(_keyBytes.GetSpan(8), number);
                    _keyBytes.Advance(8);
                    break;
                case string text:
                    Append((byte)'s', text);
                    break;
                case var other:
                    Append((byte)'j', SingerJson.Serialize(other));
                    break;
            }
        }
        return XxHash128.HashToUInt128(_keyBytes.WrittenSpan);
    }

    private void Append(byte tag, string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        var span = _keyBytes.GetSpan(5 + length);
        span[0] = tag;
        BinaryPrimitives.WriteInt32LittleEndian(span[1..], length);
        Encoding.UTF8.GetBytes(text, span[5..]);
        _keyBytes.Advance(5 + length);
    }
}
