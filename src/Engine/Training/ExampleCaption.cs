namespace ZImageSweep.Engine.Training;

/// <summary>The texts one training example may be trained on: its caption, its dropped form, and its DOP form.</summary>
public sealed record ExampleCaption(string Normal, string Dropout, double DropoutRate, string? Preservation)
{
    public string For(bool dropped) => dropped ? Dropout : Normal;
}
