namespace ZImageSweep.Engine.Runtime;

/// <summary>Which libtorch this process uses and why (<c>zsweep doctor</c> prints it).</summary>
/// <param name="External">The PyTorch install to preload, or null: the build carries its own libtorch, or none was found.</param>
/// <param name="Reason">One sentence: the choice and what decided it.</param>
/// <param name="Notes">Installs looked at and passed over, and warnings about the chosen one.</param>
public sealed record LibTorchChoice(LibTorchInstall? External, string Reason, IReadOnlyList<string> Notes);
