using Npgsql;
using Singer.Sdk;

namespace TargetRedshift;

/// <summary>Runs the COPY statement on the Redshift connection: the cluster reads the staged files from S3 itself.</summary>
internal sealed class RedshiftCopyExecutor : ICopyExecutor
{
    public async Task CopyAsync(NpgsqlConnection connection, CopyCommand copy, CancellationToken cancellationToken)
    {
        Log.Debug($"running {copy.RedactedSql}");
        await using var command = new NpgsqlCommand(copy.Sql, connection);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException ex)
        {
            // The message names the table and, for bad rows, points at stl_load_errors; the statement (with keys) stays out.
            throw new SingerException($"COPY of {copy.Batch.Rows} rows from {copy.Batch.Location}* into {copy.Stage} failed: {ex.MessageText}" +
                (ex.Detail is { Length: > 0 } detail ? $" ({detail})" : ""), ex);
        }
    }
}
