namespace ZImageSweep.Silo.Security;

/// <summary>One configured token: its role, the SHA-256 of its text (the text itself is never kept) and where it was written.</summary>
public sealed record TokenEntry(AccessRole Role, byte[] Sha256, string Location);
