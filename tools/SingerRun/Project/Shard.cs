using System.Globalization;
using Singer.Sdk;

namespace SingerRun.Project;

/// <summary>
/// Which share of a project's pipelines this worker runs: <c>--shard I/N</c>, else the environment of a Kubernetes
/// Indexed Job (<c>JOB_COMPLETION_INDEX</c>, which Kubernetes sets, and <c>JOB_COMPLETION_COUNT</c>, which the Job's
/// spec must set to its completions). Pipeline number p (from 0, in the project's order) is run by shard p mod N.
/// </summary>
internal static class Shard
{
    public static (int Index, int Count)? Parse(string? flag)
    {
        if (flag is not null)
        {
            var parts = flag.Split('/');
            if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= 1 && index < count)
            {
                return (index, count);
            }
            throw new ConfigurationException($"--shard must be I/N with 0 <= I < N, got '{flag}'");
        }
        var envIndex = Environment.GetEnvironmentVariable("JOB_COMPLETION_INDEX");
        var envCount = Environment.GetEnvironmentVariable("JOB_COMPLETION_COUNT");
        if (envIndex is null && envCount is null)
        {
            return null;
        }
        if (envIndex is null || envCount is null)
        {
            throw new ConfigurationException("JOB_COMPLETION_INDEX and JOB_COMPLETION_COUNT go together (Kubernetes sets the index; set the count to the Job's completions)");
        }
        try
        {
            return Parse($"{envIndex}/{envCount}");
        }
        catch (ConfigurationException)
        {
            throw new ConfigurationException($"JOB_COMPLETION_INDEX/JOB_COMPLETION_COUNT must be I and N with 0 <= I < N, got '{envIndex}' and '{envCount}'");
        }
    }
}
