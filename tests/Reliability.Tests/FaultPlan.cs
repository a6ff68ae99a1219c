using System.Globalization;

namespace Reliability.Tests;

/// <summary>
/// How many killed runs each pair gets (the victims alternate: target, tap, target, ...) and the seed they are drawn
/// from: SINGERNET_FAULT_RUNS (scripts/faults.sh N sets it; CI's bounded default is 2, one kill of each side) and
/// SINGERNET_FAULT_SEED (default: a fresh seed, printed in every failure message).
/// </summary>
public sealed class FaultPlan
{
    public const int DefaultRuns = 2;

    private readonly Random _random;

    public FaultPlan(string pair)
    {
        Pair = pair;
        Runs = Environment.GetEnvironmentVariable("SINGERNET_FAULT_RUNS") is { Length: > 0 } runs
            ? int.Parse(runs, CultureInfo.InvariantCulture)
            : DefaultRuns;
        Seed = Environment.GetEnvironmentVariable("SINGERNET_FAULT_SEED") is { Length: > 0 } seed
            ? int.Parse(seed, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        _random = new Random(Seed);
    }

    public string Pair { get; }

    public int Runs { get; }

    public int Seed { get; }

    /// <summary>A kill of <paramref name="victim"/> somewhere in the first <paramref name="outputBytes"/> bytes, up to 50 ms after.</summary>
    public Fault Next(Victim victim, long outputBytes) => new(victim, _random.NextInt64(0, Math.Max(1, outputBytes)), _random.Next(0, 50));

    /// <summary>A kill time somewhere in the first <paramref name="runMs"/> milliseconds of a run.</summary>
    public int Delay(int runMs) => _random.Next(0, Math.Max(1, runMs));

    /// <summary>What names a failure: the pair, the seed to replay it with, the faults so far.</summary>
    public string Describe(IEnumerable<Fault> faults) =>
        $"{Pair}, SINGERNET_FAULT_SEED={Seed}, faults: [{string.Join("; ", faults)}]";
}
