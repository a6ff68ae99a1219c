using Npgsql;

namespace TargetRedshift;

/// <summary>
/// Runs the COPY of a staged batch inside the load's transaction. Redshift's own COPY in production; tests
/// swap in a loader that reads the same S3 files into PostgreSQL, since Redshift cannot run here.
/// </summary>
internal interface ICopyExecutor
{
    Task CopyAsync(NpgsqlConnection connection, CopyCommand copy, CancellationToken cancellationToken);
}
