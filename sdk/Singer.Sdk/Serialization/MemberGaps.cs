namespace Singer.Sdk.Serialization;

/// <summary>
/// For records read by hand (<see cref="PlainJson"/>): the bytes between one value and the next member's value as the
/// last record had them at each place (white space, the comma, the name and the colon; for the first, from the '{'),
/// with what that name stands for. Records of a stream mostly repeat them byte for byte, and a match then stands for
/// reading the name and looking it up.
/// </summary>
internal sealed class MemberGaps<T>
    where T : class
{
    private const int MaxGap = 256;
    private (byte[]? Bytes, T? Item)[] _gaps = [];

    /// <summary>True when the bytes at <paramref name="at"/> are the last record's at <paramref name="position"/>: <paramref name="at"/> moves to the value.</summary>
    public bool TryMatch(ReadOnlySpan<byte> json, ref int at, int position, out T item)
    {
        if (position < _gaps.Length && _gaps[position].Bytes is { } gap && json[at..].StartsWith(gap))
        {
            item = _gaps[position].Item!;
            at = PlainJson.SkipSpace(json, at + gap.Length);
            return true;
        }
        item = null!;
        return false;
    }

    /// <summary>Keeps <paramref name="gap"/> as the bytes before the value at <paramref name="position"/>, the member <paramref name="item"/>'s.</summary>
    public void Remember(int position, ReadOnlySpan<byte> gap, T item)
    {
        if (gap.Length > MaxGap || position >= 1024)
        {
            return;
        }
        if (position >= _gaps.Length)
        {
            Array.Resize(ref _gaps, Math.Max(position + 1, _gaps.Length * 2));
        }
        ref var kept = ref _gaps[position];
        if (kept.Bytes is { } bytes && bytes.Length == gap.Length)
        {
            gap.CopyTo(bytes);
        }
        else
        {
            kept.Bytes = gap.ToArray();
        }
        kept.Item = item;
    }
}
