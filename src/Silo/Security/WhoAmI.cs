namespace ZImageSweep.Silo.Security;

/// <summary>The answer of <c>GET /api/whoami</c>: <see cref="AccessRoles"/>' name of the caller's highest role, or <c>open</c>.</summary>
public sealed record WhoAmI(string Role);
