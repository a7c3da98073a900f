using ZImageSweep.Contracts.Jobs;

namespace ZImageSweep.Contracts.Packing;

/// <summary>
/// What arms must share to train together on one frozen base in one worker (issue 18, "Packed arms"): the model
/// files, device, dtype and quantisation (the base itself), and how each step calls it — gradient checkpointing and
/// micro-batches per step, which the packed trainer requires equal (src/Engine/Training/Packing/PackCompatibility.cs).
/// Everything else — rank, targets, learning rate, optimizer, training adapter (a per-arm runtime LoRA when packed),
/// data — may differ between packed arms. The scheduler packs only arms of equal keys and the worker refuses a
/// <c>start</c> whose key differs from the arms it trains, naming <see cref="FirstDifference"/>; both build the key here.
/// </summary>
/// <param name="Quantize">The transformer's storage when frozen: <c>none</c> or the qtype (<c>float8</c>).</param>
/// <param name="QuantizeTextEncoder">The text encoder's, the same way.</param>
public sealed record PackKey(
    string Arch, string Model, string Extras, string Device, string DType, string Quantize, string QuantizeTextEncoder,
    bool GradientCheckpointing, int GradientAccumulation)
{
    public static PackKey Of(ProcessConfig process)
    {
        var model = process.Model;
        return new PackKey(
            ConfigEnum.Name(model.Arch), model.NameOrPath, model.ExtrasNameOrPath, process.Device,
            ConfigEnum.Name(process.Train.DType),
            model.Quantize ? ConfigEnum.Name(model.QType) : "none",
            model.QuantizeTextEncoder ? ConfigEnum.Name(model.QTypeTextEncoder) : "none",
            process.Train.GradientCheckpointing, process.Train.GradientAccumulation);
    }

    /// <summary>
    /// Whether the arm may share a worker at all: differential output preservation may not, since its prior pass
    /// switches the user LoRA off for the whole batch (PackCompatibility again).
    /// </summary>
    public static bool Packable(ProcessConfig process) => !process.Train.DiffOutputPreservation;

    /// <summary>The job key (<c>model.name_or_path</c>, …) of the first field that differs from <paramref name="other"/>, or null when the keys are equal.</summary>
    public string? FirstDifference(PackKey other) =>
        Fields().Zip(other.Fields()).Where(p => p.First.Value != p.Second.Value).Select(p => p.First.JobKey).FirstOrDefault();

    /// <summary>One line, the same for equal keys: what the scheduler compares and shows.</summary>
    public override string ToString() => string.Join(" | ", Fields().Select(f => $"{f.JobKey}={f.Value}"));

    IEnumerable<(string JobKey, string Value)> Fields() =>
    [
        ("model.arch", Arch), ("model.name_or_path", Model), ("model.extras_name_or_path", Extras), ("device", Device),
        ("train.dtype", DType), ("model.qtype", Quantize), ("model.qtype_te", QuantizeTextEncoder),
        ("train.gradient_checkpointing", GradientCheckpointing ? "true" : "false"),
        ("train.gradient_accumulation", GradientAccumulation.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];
}
