namespace ZImageSweep.Silo.Web.Api;

/// <summary>The body of <c>POST /api/sweeps/{sweep}/arms/{arm}/extend</c>: how many more steps to train.</summary>
public sealed record ExtendRequest(int Steps);
