namespace ZImageSweep.Grains.Tests.Trainers;

/// <summary>One source-generated log event of a silo, with its named values.</summary>
/// <param name="SlotHadLiveWorker">for a worker start: whether the slot's previous worker process was still alive.</param>
internal sealed record SiloEvent(int Id, IReadOnlyDictionary<string, object?> Values, bool SlotHadLiveWorker = false)
{
    public string Text(string name) => Values.GetValueOrDefault(name)?.ToString() ?? "";

    public override string ToString() => $"{Id} {string.Join(", ", Values.Where(v => v.Key != "{OriginalFormat}").Select(v => $"{v.Key}={v.Value}"))}";
}
