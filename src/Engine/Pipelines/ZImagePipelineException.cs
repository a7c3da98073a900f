using ZImageSweep.Contracts.Errors;

namespace ZImageSweep.Engine.Pipelines;

/// <summary>
/// A pipeline cannot be assembled or run as asked (a transformer-only model without extras, CUDA requested but
/// absent, an unknown dtype, a prompt list that is empty); names what it is about and what to do.
/// </summary>
public sealed class ZImagePipelineException(string subject, string reason) : Exception($"{subject}: {reason}"), IUserFacingError
{
    public string Subject { get; } = subject;
    public string Reason { get; } = reason;
}
