using ZImageSweep.Contracts.Errors;

namespace ZImageSweep.Silo.Security;

/// <summary>The configured certificate or key cannot be loaded; the message names the file.</summary>
public sealed class TlsCertificateException(string message, Exception? inner = null) : Exception(message, inner), IUserFacingError;
