using System.Security.Cryptography;

namespace ZImageSweep.TestSupport;

/// <summary>Reads what the stand-in worker left in an arm's folder.</summary>
public static class Artifacts
{
    public static string ArmFolder(string root, string sweep, string armId) => Path.Combine(root, "sweeps", sweep, armId);

    /// <summary>The steps trained, in order, across every worker run of the arm.</summary>
    public static long[] TrainedSteps(string armFolder) =>
        File.ReadAllLines(Path.Combine(armFolder, "steps.log")).Select(l => long.Parse(l.Split(' ')[1])).ToArray();

    /// <summary>The steps one worker process (by id) trained, in order.</summary>
    public static long[] TrainedSteps(string armFolder, int workerPid) =>
        File.ReadAllLines(Path.Combine(armFolder, "steps.log")).Select(l => l.Split(' '))
            .Where(f => int.Parse(f[0]) == workerPid).Select(f => long.Parse(f[1])).ToArray();

    public static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
