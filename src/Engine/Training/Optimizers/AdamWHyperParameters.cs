namespace ZImageSweep.Engine.Training.Optimizers;

/// <summary>AdamW's constants. ai-toolkit's AdamW8bit uses eps 1e-6 and weight decay from optimizer_params (0.01 if absent).</summary>
public sealed record AdamWHyperParameters(double Beta1 = 0.9, double Beta2 = 0.999, double Eps = 1e-8, double WeightDecay = 0.01);
