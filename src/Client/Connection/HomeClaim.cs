namespace ZImageSweep.Client.Connection;

/// <summary>The answer to "who hosts this home's silo?": this process (it holds <see cref="Lock"/>) or <see cref="Owner"/>.</summary>
public sealed record HomeClaim(HomeLock? Lock, HomeOwner? Owner);
