namespace ZImageSweep.Contracts.Jobs.Keys;

/// <summary>
/// The keys of one mapping of the job (e.g. <c>train</c>, <c>datasets[]</c>): every key ai-toolkit's config class
/// reads there, plus our extensions, each with its handling. The typed readers must read exactly the
/// <see cref="KeyHandling.Honoured"/> and <see cref="KeyHandling.Extension"/> keys; <see cref="CheckReadKeys"/> holds
/// them to that, so the table stays the one place that says what a key does.
/// </summary>
public sealed class JobKeySection
{
    readonly Dictionary<string, JobKey> _byName;

    public JobKeySection(string path, IReadOnlyList<JobKey> keys)
    {
        Path = path;
        Keys = keys;
        _byName = keys.ToDictionary(k => k.Name, StringComparer.Ordinal);
    }

    /// <summary>Where the mapping sits under the process, e.g. <c>train.validation_config</c>; <c>[]</c> marks list items.</summary>
    public string Path { get; }

    public IReadOnlyList<JobKey> Keys { get; }

    public JobKey? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>Throws when the code reading this mapping and the table disagree on which keys are read.</summary>
    /// <exception cref="InvalidOperationException">A schema bug, not a user error.</exception>
    public void CheckReadKeys(IReadOnlyCollection<string> read)
    {
        var readable = Keys.Where(k => k.Handling is KeyHandling.Honoured or KeyHandling.Extension).Select(k => k.Name);
        var notRead = readable.Except(read).ToList();
        var notListed = read.Except(readable).ToList();
        if (notRead.Count > 0 || notListed.Count > 0)
            throw new InvalidOperationException(
                $"job schema '{Path}': honoured keys not read [{string.Join(", ", notRead)}], read keys not listed as honoured [{string.Join(", ", notListed)}]");
    }
}
