namespace ZImageSweep.Contracts.Jobs.Keys;

/// <summary>The top of a job file (<c>job</c>, <c>config</c>, <c>meta</c>) and <c>config</c> itself.</summary>
public static class JobRootKeys
{
    public static readonly JobKeySection Root = new("(job)",
    [
        JobKey.Honoured("job", "extension"),
        JobKey.Honoured("config", "null"),
        JobKey.Honoured("meta", "{}", "copied into the saved LoRA's metadata"),
    ]);

    public static readonly JobKeySection Config = new("config",
    [
        JobKey.Honoured("name", "null", "output folder name and file prefix"),
        JobKey.Honoured("process", "null", "exactly one process"),
    ]);
}
