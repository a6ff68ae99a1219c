using SingerRun.Progress;
using SingerRun.State;

namespace SingerRun;

/// <summary>
/// One pipeline to run: the tap's and target's command lines (run by /bin/sh) with arguments appended after them, the
/// state id and backend, and how to run. <paramref name="PassState"/> false: the tap is never given <c>--state</c>
/// (a tap without the state capability). <paramref name="Label"/> prefixes the stages' stderr when pipelines run at once.
/// </summary>
internal sealed record Pipeline(
    string Tap,
    IReadOnlyList<string> TapArgs,
    string Target,
    IReadOnlyList<string> TargetArgs,
    string? Map,
    string StateId,
    IStateBackend Backend,
    bool FullRefresh,
    (ProgressMode Mode, TimeSpan Interval) Progress,
    bool PassState = true,
    string? Label = null);
