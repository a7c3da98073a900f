namespace ZImageSweep.Contracts.Jobs;

/// <summary>One problem in a job config: the key path it is about (e.g. <c>config.process[0].train.lr</c>) and what is wrong.</summary>
public sealed record JobConfigError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
