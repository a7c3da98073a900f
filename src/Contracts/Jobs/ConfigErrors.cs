namespace ZImageSweep.Contracts.Jobs;

/// <summary>Collects problems while a document is read, so all of them are reported at once.</summary>
public sealed class ConfigErrors(string file)
{
    readonly List<JobConfigError> _errors = [];

    public IReadOnlyList<JobConfigError> Errors => _errors;

    public void Add(string path, string message) => _errors.Add(new JobConfigError(path, message));

    public void ThrowIfAny()
    {
        if (_errors.Count > 0) throw new JobConfigException(file, _errors.ToArray());
    }
}
