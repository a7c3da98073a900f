using ZImageSweep.Grains.Trainers;

namespace ZImageSweep.Grains.Tests.Trainers;

[Trait(Tier.Name, Tier.Unit)]
public sealed class SlotLeaseBookTests
{
    static readonly HashSet<string> TwoSilos = ["a/0", "a/1", "b/0"];
    static readonly HashSet<string> OneSlot = ["a/0"];

    [Fact]
    public void FreeSlots_GoToTheSiloWithTheFewestLeasedSlots()
    {
        var book = new SlotLeaseBook(new Dictionary<string, string>());

        Assert.Equal("a/0", book.Lease("e1", TwoSilos).Slot);
        Assert.Equal("b/0", book.Lease("e2", TwoSilos).Slot);
        Assert.Equal("a/1", book.Lease("e3", TwoSilos).Slot);
    }

    [Fact]
    public void LeasingAgain_ReturnsTheHeldSlotAndChangesNothing()
    {
        var leases = new Dictionary<string, string>();
        var book = new SlotLeaseBook(leases);
        var first = book.Lease("e1", TwoSilos);

        var again = book.Lease("e1", TwoSilos);

        Assert.True(first.LeaseChanged);
        Assert.Equal(new LeaseResult(first.Slot, LeaseChanged: false, StartedWaiting: false), again);
        Assert.Single(leases);
    }

    [Fact]
    public void NoFreeSlot_QueuesTheExperimentOnceInArrivalOrder()
    {
        var book = new SlotLeaseBook(new Dictionary<string, string> { ["e1"] = "a/0" });

        var first = book.Lease("w1", OneSlot);
        var repeated = book.Lease("w1", OneSlot);
        book.Lease("w2", OneSlot);

        Assert.Equal(new LeaseResult(null, LeaseChanged: false, StartedWaiting: true), first);
        Assert.False(repeated.StartedWaiting);
        Assert.Equal(["w1", "w2"], book.Waiting);
    }

    [Fact]
    public void ReleasedSlot_IsHandedToTheLongestWaitingExperimentAtOnce()
    {
        var leases = new Dictionary<string, string> { ["e1"] = "a/0", ["e2"] = "a/1" };
        var book = new SlotLeaseBook(leases);
        HashSet<string> slots = ["a/0", "a/1"];
        book.Lease("w1", slots);
        book.Lease("w2", slots);

        var released = book.Release("e2", slots);

        Assert.Equal(new ReleaseResult("a/1", HandedTo: "w1", HandedSlot: "a/1"), released);
        Assert.Equal("a/1", leases["w1"]);
        Assert.Equal(["w2"], book.Waiting);
        Assert.Equal("a/1", book.Lease("w1", slots).Slot);
    }

    [Fact]
    public void ReleasedSlot_WithNobodyWaiting_BecomesFree()
    {
        var book = new SlotLeaseBook(new Dictionary<string, string> { ["e1"] = "a/0" });

        Assert.Equal(new ReleaseResult("a/0", null, null), book.Release("e1", TwoSilos));
        Assert.All(book.Slots(TwoSilos).Values, Assert.Null);
    }

    [Fact]
    public void WaiterThatGivesUp_LeavesTheQueueWithoutFreeingAnySlot()
    {
        var leases = new Dictionary<string, string> { ["e1"] = "a/0" };
        var book = new SlotLeaseBook(leases);
        book.Lease("w1", OneSlot);

        var released = book.Release("w1", OneSlot);

        Assert.Null(released.Slot);
        Assert.Empty(book.Waiting);
        Assert.Equal("a/0", leases["e1"]);
    }

    [Fact]
    public void LeaseOnASlotWhoseSiloLeft_IsVoid_AndReplacedByALiveSlot()
    {
        var leases = new Dictionary<string, string> { ["e1"] = "gone/0" };
        var book = new SlotLeaseBook(leases);

        var result = book.Lease("e1", TwoSilos);

        Assert.Equal(new LeaseResult("a/0", LeaseChanged: true, StartedWaiting: false), result);
        Assert.Equal(new Dictionary<string, string?> { ["a/0"] = "e1", ["a/1"] = null, ["b/0"] = null }, book.Slots(TwoSilos));
    }
}
