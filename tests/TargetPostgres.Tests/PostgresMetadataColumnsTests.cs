namespace TargetPostgres.Tests;

public sealed class PostgresMetadataColumnsTests() : MetadataColumnsTests(new PostgresDatabase());
