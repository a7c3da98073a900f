using System.Collections.Immutable;
using System.Globalization;
using ZImageSweep.Grains.Interfaces.Sweeps;
using ZImageSweep.Statistics.Tpe;

namespace ZImageSweep.Sweeps.Search;

/// <summary>
/// The spec's dimensions as TPE parameters, one each: a range without count is numeric over its ends (log-scaled on
/// scale log, whole numbers when its ends are); a range with count is a whole-number index into its grid, which keeps
/// the grid's order and spacing (its values are evenly spaced on its scale); a values list or a zip group is
/// categorical over its entries.
/// </summary>
public sealed class TpeSearchSpace
{
    readonly SweepSpec _spec;

    public TpeSearchSpace(SweepSpec spec)
    {
        _spec = spec;
        Parameters = [.. spec.Dimensions.Select(Parameter)];
    }

    public IReadOnlyList<SearchParameter> Parameters { get; }

    static SearchParameter Parameter(SweepDimension dimension) => dimension.Axes[0].Range switch
    {
        { IsContinuous: true } r => new NumericParameter(r.From, r.To, r.Scale == RangeScale.Log, r.Integral),
        { Count: > 1 } r when dimension.Axes.Count == 1 => new NumericParameter(0, r.Count.Value - 1, log: false, integer: true),
        _ => new CategoricalParameter(dimension.Length),
    };

    /// <summary>The axis values a point stands for, every axis of every dimension.</summary>
    public (SweepAxis Axis, AxisValue Value)[] Choose(IReadOnlyList<double> point) =>
        [.. _spec.Dimensions.SelectMany((dimension, i) => dimension.Axes.Select(axis => (axis, ValueAt(axis, point[i]))))];

    /// <summary>The point of a proposed arm, read back from its assignment.</summary>
    public double[] PointOf(ImmutableArray<AxisAssignment> assignment) =>
        [.. _spec.Dimensions.Select(dimension =>
        {
            var axis = dimension.Axes[0];
            string value = assignment.First(a => a.KeyPath == axis.Path.Text).Value;
            return axis.Range is { IsContinuous: true }
                ? double.Parse(value, CultureInfo.InvariantCulture)
                : axis.Values.Select(v => v.Text).ToList().IndexOf(value);
        })];

    static AxisValue ValueAt(SweepAxis axis, double coordinate)
    {
        if (axis.Range is not { IsContinuous: true } range) return axis.Values[(int)coordinate];
        var node = AxisRange.Node(coordinate, range.Integral);
        return new AxisValue(node, CanonicalYaml.Format(node), ArmLabels.ForValue(node));
    }
}
