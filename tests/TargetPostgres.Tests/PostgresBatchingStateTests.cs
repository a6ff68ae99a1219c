namespace TargetPostgres.Tests;

public sealed class PostgresBatchingStateTests() : BatchingStateTests(new PostgresDatabase());
