using Microsoft.AspNetCore.Http;
using ZImageSweep.Contracts.Errors;

namespace ZImageSweep.Silo.Web.Api;

/// <summary>
/// Turns a user-facing error that a grain call throws into the API's problem document, the same for every route:
/// a <see cref="Grains.Interfaces.Errors.NotFoundException"/> answers 404, any other <see cref="IUserFacingError"/>
/// 400, each with the grain's message as <c>detail</c>. Other exceptions stay server errors.
/// </summary>
internal sealed class UserErrorProblems : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception e) when (e is IUserFacingError)
        {
            return ApiErrors.For(e);
        }
    }
}
