using Singer.Sdk;

namespace SingerMap;

/// <summary>
/// The dedupe built-in for one stream: records whose key property values repeat within the run are dropped. Keeping
/// the first passes the first record of each key on at once; keeping the last holds one record per key (the latest,
/// in the order keys were first seen) until <see cref="Drain"/>. Keys compare by their JSON text, so 1 and 1.0 are
/// different keys. A record with a key property null or missing is never dropped.
/// </summary>
internal sealed class Deduper(IReadOnlyList<string> keyProperties, KeepRecord keep)
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RecordMessage> _held = new(StringComparer.Ordinal);

    public KeepRecord Keep => keep;

    public long Dropped { get; private set; }

    public long WithoutKey { get; private set; }

    public bool HasHeld => _held.Count > 0;

    /// <summary>The record to pass on now, or null when it is dropped or held.</summary>
    public RecordMessage? Offer(RecordMessage record)
    {
        var key = Key(record.Record);
        if (key is null)
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

    private string? Key(Dictionary<string, object?> record)
    {
        var values = new List<object?>(keyProperties.Count);
        foreach (var name in keyProperties)
        {
            if (record.GetValueOrDefault(name) is not { } value)
            {
                return null;
            }
            values.Add(value);
        }
        return SingerJson.Serialize(values);
    }
}
