namespace ZImageSweep.Silo.Security;

/// <summary>
/// What a token's holder may do, each role including the ones before it: a viewer reads everything, an operator also
/// creates and controls sweeps, an admin also sees the Orleans dashboard. The names in a tokens file and in
/// <c>/api/whoami</c> are these in lower case (<see cref="AccessRoles"/>).
/// </summary>
public enum AccessRole
{
    Viewer,
    Operator,
    Admin,
}
