namespace TargetPostgres.Tests;

public sealed class PostgresUpsertTests() : UpsertTests(new PostgresDatabase());
