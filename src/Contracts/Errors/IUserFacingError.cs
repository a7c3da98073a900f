namespace ZImageSweep.Contracts.Errors;

/// <summary>
/// Marks an exception whose message tells the user what to fix — a missing or malformed file, a job that does not
/// validate, an unknown sweep, arm or step — as opposed to a bug. The CLI prints such an error as one line and exits 1,
/// and the HTTP API answers it with a problem document; every other exception keeps its stack trace. An interface,
/// not a base class, because the marked exceptions keep the bases their callers catch (ArgumentException, ...).
/// </summary>
public interface IUserFacingError;
