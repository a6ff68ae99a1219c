namespace SingerCheck;

/// <summary>What singer-check counted for one stream.</summary>
internal sealed class StreamReport
{
    public long Records { get; set; }

    public int Schemas { get; set; }

    public int ActivateVersions { get; set; }

    public int Batches { get; set; }
}
