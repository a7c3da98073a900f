namespace ZImageSweep.Engine.Training.Data;

/// <summary>One image of a dataset with its resolved caption (placeholders not yet applied).</summary>
public sealed record TrainingImage(string Path, string Caption);
