namespace ZImageSweep.Client.Connection;

/// <summary>What a command needs from a home that no other process owns.</summary>
public enum HomeUse
{
    /// <summary>Host the home's silo with its workers: unfinished sweeps carry on training while the command runs.</summary>
    Train,

    /// <summary>
    /// Read or change the durable state only: the silo is hosted without GPU slots and without resuming anything, so
    /// no worker starts (a table must not cost a model load).
    /// </summary>
    Inspect,
}
