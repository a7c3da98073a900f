using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using ZImageSweep.Grains.Interfaces.Comparisons;
using ZImageSweep.Grains.Interfaces.Sweeps;
using ZImageSweep.Silo.Web.Api;

namespace ZImageSweep.Silo.Tests.Web;

/// <summary>Every route's answer to a grain's typed error: not found is 404, another user error 400, a bug stays a bug.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class UserErrorProblemsTests
{
    public static TheoryData<Exception, int> UserErrors => new()
    {
        { new SweepNotFoundException("gone"), StatusCodes.Status404NotFound },
        { new ArmNotFoundException("s", "a1", ["a0"]), StatusCodes.Status404NotFound },
        { new StepNotFoundException("s", 7, [4, 8]), StatusCodes.Status404NotFound },
        { new NoSamplesYetException("s", "a1", "rank=8"), StatusCodes.Status404NotFound },
        { new SweepRejectedException("Sweep 's' was cancelled and cannot be resumed."), StatusCodes.Status400BadRequest },
    };

    [Theory, MemberData(nameof(UserErrors))]
    public async Task UserFacingError_BecomesAProblemDocumentWithTheGrainsMessage(Exception error, int status)
    {
        var answer = await Invoke(() => throw error);

        var problem = Assert.IsType<ProblemHttpResult>(answer);
        Assert.Equal(status, problem.StatusCode);
        Assert.Equal(error.Message, problem.ProblemDetails.Detail);
    }

    [Fact]
    public async Task OtherExceptions_AreNotTurnedIntoProblems()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => Invoke(() => throw new InvalidOperationException("a bug")));
    }

    [Fact]
    public async Task AnswersWithoutErrors_PassThrough()
    {
        Assert.Equal("ok", await Invoke(() => "ok"));
    }

    static async Task<object?> Invoke(Func<object?> endpoint)
    {
        var context = new DefaultEndpointFilterInvocationContext(new DefaultHttpContext());
        return await new UserErrorProblems().InvokeAsync(context, _ => ValueTask.FromResult(endpoint()));
    }
}
