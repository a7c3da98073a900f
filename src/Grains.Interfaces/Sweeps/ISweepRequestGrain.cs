namespace ZImageSweep.Grains.Interfaces.Sweeps;

/// <summary>
/// One client request id of <c>POST /api/sweeps</c> (key: the <c>x-requestid</c> header), remembered durably so that a
/// retried request is answered as the first was instead of being taken for a new one (as eShop's
/// <c>IdentifiedCommand</c> does; dotnet/eShop, src/Ordering.API/Application/Commands/IdentifiedCommandHandler.cs).
/// </summary>
[Alias("zsweep.ISweepRequestGrain")]
public interface ISweepRequestGrain : IGrainWithStringKey
{
    /// <summary>Records <paramref name="request"/> under this id unless the id already holds one; returns the one it holds.</summary>
    [Alias("Claim")] Task<SweepRequest> Claim(SweepRequest request);
}
