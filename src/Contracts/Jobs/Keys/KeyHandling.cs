namespace ZImageSweep.Contracts.Jobs.Keys;

/// <summary>What ZImageSweep does with a key of the job schema (README "Job keys").</summary>
public enum KeyHandling
{
    /// <summary>Read and applied with ai-toolkit's meaning.</summary>
    Honoured,
    /// <summary>Accepted with any value; it changes nothing for a Z-Image LoRA (the note says why).</summary>
    NoEffect,
    /// <summary>Accepted at ai-toolkit's default; any other value asks for something not implemented and is refused.</summary>
    DefaultOnly,
    /// <summary>Ours, not ai-toolkit's (README "Job keys beyond ai-toolkit").</summary>
    Extension,
}
