using ZImageSweep.Grains.Interfaces.Trainers;
using ZImageSweep.Grains.Trainers;

namespace ZImageSweep.Grains.Tests.Trainers;

[Trait(Tier.Name, Tier.Unit)]
public sealed class SlotLeaseBookTests
{
    const long GiB = 1L << 30;
    static readonly Dictionary<string, long?> TwoSilos = new() { ["a/0"] = null, ["a/1"] = null, ["b/0"] = null };
    static readonly Dictionary<string, long?> OneSlot = new() { ["a/0"] = null };
    static readonly Dictionary<string, long?> OneGpu80 = new() { ["a/0"] = 80 * GiB };

    /// <summary>One arm alone per slot (<c>packing: off</c>).</summary>
    static readonly SlotDemand Alone = new("base-x", 1, 20 * GiB, 2 * GiB);

    static SlotDemand Packable(int maxArms, string key = "base-x", long baseGiB = 20, long perArmGiB = 2) => new(key, maxArms, baseGiB * GiB, perArmGiB * GiB);

    static SlotLeaseBook Book(Dictionary<string, string>? leases = null, Dictionary<string, SlotDemand>? demands = null) =>
        new(leases ?? [], demands ?? []);

    [Fact]
    public void FreeSlots_GoToTheSiloWithTheFewestLeasedSlots()
    {
        var book = Book();

        Assert.Equal("a/0", book.Lease("e1", Alone, TwoSilos).Slot);
        Assert.Equal("b/0", book.Lease("e2", Alone, TwoSilos).Slot);
        Assert.Equal("a/1", book.Lease("e3", Alone, TwoSilos).Slot);
    }

    [Fact]
    public void LeasingAgain_ReturnsTheHeldSlotAndChangesNothing()
    {
        var leases = new Dictionary<string, string>();
        var book = Book(leases);
        var first = book.Lease("e1", Alone, TwoSilos);

        var again = book.Lease("e1", Alone, TwoSilos);

        Assert.True(first.LeaseChanged);
        Assert.Equal(new LeaseResult(first.Slot, LeaseChanged: false, StartedWaiting: false), again);
        Assert.Single(leases);
    }

    [Fact]
    public void NoFreeSlot_QueuesTheExperimentOnceInArrivalOrder()
    {
        var book = Book(new() { ["e1"] = "a/0" }, new() { ["e1"] = Alone });

        var first = book.Lease("w1", Alone, OneSlot);
        var repeated = book.Lease("w1", Alone, OneSlot);
        book.Lease("w2", Alone, OneSlot);

        Assert.Equal(new LeaseResult(null, LeaseChanged: false, StartedWaiting: true), first);
        Assert.False(repeated.StartedWaiting);
        Assert.Equal(["w1", "w2"], book.Waiting);
    }

    [Fact]
    public void CompatibleExperiment_JoinsAnOccupiedSlot_UpToTheSmallestMaxArms()
    {
        var leases = new Dictionary<string, string>();
        var book = Book(leases);

        Assert.Equal("a/0", book.Lease("e1", Packable(3), OneGpu80).Slot);
        Assert.Equal("a/0", book.Lease("e2", Packable(2), OneGpu80).Slot);
        var third = book.Lease("e3", Packable(3), OneGpu80); // e2 allows two

        Assert.Null(third.Slot);
        Assert.Null(third.RefusedForMemory);
        Assert.Equal(["e1", "e2"], book.Slots(OneGpu80)["a/0"]);
        Assert.Equal(["e3"], book.Waiting);
    }

    [Theory]
    [InlineData("base-y", 4)] // another base
    [InlineData("base-x", 1)] // packing: off
    public void IncompatibleOrUnpackedExperiment_Waits(string key, int maxArms)
    {
        var book = Book();
        book.Lease("e1", Packable(4), OneGpu80);

        var result = book.Lease("w1", Packable(maxArms, key), OneGpu80);

        Assert.Null(result.Slot);
        Assert.Equal(["e1"], book.Slots(OneGpu80)["a/0"]);
    }

    [Fact]
    public void ExperimentWithRoomForMore_DoesNotTakeInAnUnpackedOne()
    {
        var book = Book();
        book.Lease("e1", Alone, OneGpu80);

        Assert.Null(book.Lease("w1", Packable(4), OneGpu80).Slot);
    }

    [Fact]
    public void Auto_PacksOnAKnownSlotUpToFour_AndNothingOnAnUnknownOne()
    {
        var known = Book();
        var unknown = Book();
        var auto = Packable(SlotDemand.Auto, baseGiB: 10, perArmGiB: 1);

        var onKnown = Enumerable.Range(0, 5).Select(i => known.Lease($"e{i}", auto, OneGpu80).Slot).ToList();
        var onUnknown = Enumerable.Range(0, 2).Select(i => unknown.Lease($"e{i}", auto, OneSlot).Slot).ToList();

        Assert.Equal(["a/0", "a/0", "a/0", "a/0", null], onKnown);
        Assert.Equal(["a/0", null], onUnknown);
    }

    [Fact]
    public void ExplicitK_PacksOnASlotOfUnknownMemory()
    {
        var book = Book();
        book.Lease("e1", Packable(2), OneSlot);

        Assert.Equal("a/0", book.Lease("e2", Packable(2), OneSlot).Slot);
    }

    [Fact]
    public void PackThatWouldNotFit_IsSplit_AndTheRefusalCarriesTheEstimate()
    {
        var slots = new Dictionary<string, long?> { ["a/0"] = 30 * GiB, ["a/1"] = 30 * GiB };
        var book = Book();
        // 20 GiB base + 4 GiB per arm: two arms need 28 GiB, three 32 GiB.
        var demand = Packable(4, perArmGiB: 4);
        book.Lease("e1", demand, slots);
        book.Lease("e2", demand, slots); // the free slot first
        Assert.Equal("a/0", book.Lease("e3", demand, slots).Slot);
        Assert.Equal("a/1", book.Lease("e4", demand, slots).Slot);

        var refused = book.Lease("e5", demand, slots);

        Assert.Null(refused.Slot);
        Assert.Equal(new MemoryRefusal("a/0", Arms: 3, EstimatedBytes: 32 * GiB, SlotBytes: 30 * GiB), refused.RefusedForMemory);
        Assert.Equal(["e1", "e3"], book.Slots(slots)["a/0"]);
        Assert.Equal(["e2", "e4"], book.Slots(slots)["a/1"]);
        Assert.Equal(["e5"], book.Waiting);
    }

    [Fact]
    public void PackEstimate_IsTheLargestBasePlusEveryMembersPerArmBytes()
    {
        var book = Book();
        book.Lease("e1", Packable(4, baseGiB: 60, perArmGiB: 8), OneGpu80);

        // 60 + 8 + 10 = 78 GiB fits 80; a third arm (+ 10) does not, although its own base (20) is small.
        Assert.Equal("a/0", book.Lease("e2", Packable(4, perArmGiB: 10), OneGpu80).Slot);
        Assert.Equal(88 * GiB, book.Lease("e3", Packable(4, perArmGiB: 10), OneGpu80).RefusedForMemory?.EstimatedBytes);
    }

    [Fact]
    public void FreeSlot_IsPreferredToJoiningAPack()
    {
        var book = Book();
        Dictionary<string, long?> slots = new() { ["a/0"] = 80 * GiB, ["b/0"] = 80 * GiB };

        book.Lease("e1", Packable(4), slots);

        Assert.Equal("b/0", book.Lease("e2", Packable(4), slots).Slot);
        Assert.Equal("a/0", book.Lease("e3", Packable(4), slots).Slot);
    }

    [Fact]
    public void ReleasedSlot_IsHandedToTheLongestWaitingExperimentAtOnce()
    {
        var leases = new Dictionary<string, string> { ["e1"] = "a/0", ["e2"] = "a/1" };
        var book = Book(leases);
        Dictionary<string, long?> slots = new() { ["a/0"] = null, ["a/1"] = null };
        book.Lease("w1", Alone, slots);
        book.Lease("w2", Alone, slots);

        var released = book.Release("e2", slots);

        Assert.Equal("a/1", released.Slot);
        Assert.Equal([("w1", "a/1")], released.Handed);
        Assert.Equal("a/1", leases["w1"]);
        Assert.Equal(["w2"], book.Waiting);
        Assert.Equal("a/1", book.Lease("w1", Alone, slots).Slot);
    }

    [Fact]
    public void ReleasedSlot_TakesEveryWaiterItCanPack_InQueueOrder()
    {
        var book = Book(new() { ["e1"] = "a/0" }, new() { ["e1"] = Alone });
        book.Lease("w1", Packable(2), OneGpu80);
        book.Lease("w2", Packable(2, key: "base-y"), OneGpu80);
        book.Lease("w3", Packable(2), OneGpu80);

        var released = book.Release("e1", OneGpu80);

        Assert.Equal([("w1", "a/0"), ("w3", "a/0")], released.Handed);
        Assert.Equal(["w2"], book.Waiting);
    }

    [Fact]
    public void LeavingAPack_LetsAWaiterJoinIt()
    {
        var book = Book();
        book.Lease("e1", Packable(2), OneGpu80);
        book.Lease("e2", Packable(2), OneGpu80);
        book.Lease("w1", Packable(2), OneGpu80);

        var released = book.Release("e2", OneGpu80);

        Assert.Equal([("w1", "a/0")], released.Handed);
        Assert.Equal(["e1", "w1"], book.Slots(OneGpu80)["a/0"]);
    }

    [Fact]
    public void ReleasedSlot_WithNobodyWaiting_BecomesFree()
    {
        var book = Book(new() { ["e1"] = "a/0" });

        var released = book.Release("e1", TwoSilos);

        Assert.Equal("a/0", released.Slot);
        Assert.Empty(released.Handed);
        Assert.All(book.Slots(TwoSilos).Values, Assert.Empty);
    }

    [Fact]
    public void WaiterThatGivesUp_LeavesTheQueueWithoutFreeingAnySlot()
    {
        var leases = new Dictionary<string, string> { ["e1"] = "a/0" };
        var book = Book(leases);
        book.Lease("w1", Alone, OneSlot);

        var released = book.Release("w1", OneSlot);

        Assert.Null(released.Slot);
        Assert.Empty(book.Waiting);
        Assert.Equal("a/0", leases["e1"]);
    }

    [Fact]
    public void LeaseOnASlotWhoseSiloLeft_IsVoid_AndReplacedByALiveSlot()
    {
        var leases = new Dictionary<string, string> { ["e1"] = "gone/0" };
        var demands = new Dictionary<string, SlotDemand> { ["e1"] = Alone };
        var book = Book(leases, demands);

        var result = book.Lease("e1", Packable(2), TwoSilos);

        Assert.Equal(new LeaseResult("a/0", LeaseChanged: true, StartedWaiting: false), result);
        Assert.Equal(Packable(2), demands["e1"]);
        Assert.Equal(["e1"], book.Slots(TwoSilos)["a/0"]);
        Assert.Empty(book.Slots(TwoSilos)["a/1"]);
    }

    [Fact]
    public void LeasePersistedBeforePacking_IsKept_AndSharesWithNobody()
    {
        // The grain's stored state before issue 18: experiment → slot, no demands.
        var leases = new Dictionary<string, string> { ["old"] = "a/0" };
        var book = Book(leases);

        var again = book.Lease("old", Packable(4), OneGpu80);
        var joiner = book.Lease("new", Packable(4), OneGpu80);

        Assert.Equal("a/0", again.Slot);
        Assert.False(again.LeaseChanged);
        Assert.Null(joiner.Slot);
        Assert.Equal(["old"], book.Slots(OneGpu80)["a/0"]);
    }
}
