using Singer.Sdk;
using TargetS3;

S3Target? target = null;
var exitCode = await TargetRunner.RunAsync(args, S3Settings.About, config => target = new S3Target(config));
if (target is not null)
{
    // The driver stops at the first failure without closing its sinks: abort the uploads still open, so no
    // half-written file is left behind (S3 never shows an unfinished multipart upload as an object).
    await target.AbortOpenFilesAsync();
    target.Dispose();
}
return exitCode;
