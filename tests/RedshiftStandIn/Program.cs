using S3Access;
using Singer.Sdk;
using TargetRedshift;
using TargetRedshift.Tests.Support;

// target-redshift as users run it but for the COPY step: PostgreSQL plays the cluster and LocalCopyExecutor loads the
// staged S3 files into it as COPY would, so staging, merge, commit and STATE run for real in a process that can be killed.
return await TargetRunner.RunAsync(args, RedshiftSettings.About,
    config => new RedshiftTarget(config, new LocalCopyExecutor(S3ClientFactory.Create(RedshiftOptions.From(config).Connection))));
