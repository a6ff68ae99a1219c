using Singer.Sdk;

namespace SingerRun.Project;

/// <summary>
/// The files a run hands its plugins (configs with secrets, the catalog): in a fresh temporary folder only the owner can
/// enter (mkdtemp, 0700), each file created 0600, the folder removed when the run ends.
/// </summary>
internal static class PrivateFiles
{
    public static DirectoryInfo CreateDirectory() => Directory.CreateTempSubdirectory("singer-run-");

    public static async Task<string> WriteJsonAsync(string directory, string name, Dictionary<string, object?> json, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, name);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        await using var file = new FileStream(path, options);
        await file.WriteAsync(System.Text.Encoding.UTF8.GetBytes(SingerJson.Serialize(json)), cancellationToken);
        return path;
    }
}
