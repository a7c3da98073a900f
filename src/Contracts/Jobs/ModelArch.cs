namespace ZImageSweep.Contracts.Jobs;

/// <summary><c>model.arch</c>: which Z-Image checkpoint family is trained. The UI's <c>:tag</c> decides the training adapter and sampling defaults.</summary>
public enum ModelArch
{
    [ConfigName("zimage:turbo")] ZImageTurbo,
    [ConfigName("zimage:deturbo")] ZImageDeTurbo,
    [ConfigName("zimage")] ZImage,
}
