namespace Singer.Sdk.Maps;

/// <summary>Whether a record read by a target still has the stream maps to go through.</summary>
internal enum RecordMapping
{
    /// <summary>As read: the maps (if any) are still to be applied.</summary>
    None,

    /// <summary>Mapped while transcoded: its stream is the output stream.</summary>
    Applied,

    /// <summary>Left out by the map's filter (or its stream dropped) while transcoded: nothing to load.</summary>
    Filtered,
}
