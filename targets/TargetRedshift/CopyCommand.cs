namespace TargetRedshift;

/// <summary>
/// The COPY that loads one staged batch into the staging table:
/// <c>COPY stage (columns) FROM 's3://bucket/prefix' credentials [REGION 'r'] CSV [GZIP] copy_options</c>.
/// The prefix is common to the batch's files and to nothing else, so Redshift loads them all, in parallel.
/// </summary>
internal sealed class CopyCommand
{
    public CopyCommand(string stage, IReadOnlyList<string> columns, S3Batch batch, CopyCredentials credentials, string? region, bool gzip, string copyOptions)
    {
        Stage = stage;
        Columns = columns;
        Batch = batch;
        Credentials = credentials;
        Region = region;
        Gzip = gzip;
        CopyOptions = copyOptions;
    }

    /// <summary>The staging table, quoted.</summary>
    public string Stage { get; }

    /// <summary>The columns in file order, quoted.</summary>
    public IReadOnlyList<string> Columns { get; }

    public S3Batch Batch { get; }

    public CopyCredentials Credentials { get; }

    public string? Region { get; }

    public bool Gzip { get; }

    public string CopyOptions { get; }

    /// <summary>The statement Redshift runs; it holds the secret key when COPY authenticates with keys: never log it.</summary>
    public string Sql => Build(redacted: false);

    /// <summary>The statement with the secret key and token masked, for logs and errors.</summary>
    public string RedactedSql => Build(redacted: true);

    public override string ToString() => RedactedSql;

    private string Build(bool redacted)
    {
        var parts = new List<string>
        {
            $"COPY {Stage} ({string.Join(", ", Columns)}) FROM '{Batch.Location}'",
            Credentials.Sql(redacted),
        };
        if (Region is not null)
        {
            parts.Add($"REGION '{Region}'");
        }
        parts.Add(Gzip ? "CSV GZIP" : "CSV");
        if (CopyOptions.Length > 0)
        {
            parts.Add(CopyOptions);
        }
        return string.Join(' ', parts);
    }
}
