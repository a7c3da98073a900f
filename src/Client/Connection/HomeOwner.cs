using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using ZImageSweep.Contracts.Artifacts;

namespace ZImageSweep.Client.Connection;

/// <summary>
/// Who owns a home, as the owner records it in <c>&lt;home&gt;/owner.json</c> for other commands to find it: its
/// process, the verb it runs, whether it trains, and its silo's loopback ports (absent while the silo starts).
/// </summary>
public sealed record HomeOwner(int Pid, string Command, HomeUse Use, int? SiloPort = null, int? GatewayPort = null)
{
    public const string FileName = "owner.json";

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>True once the owner's silo accepts clients.</summary>
    [JsonIgnore]
    public bool IsServing => GatewayPort is not null;

    /// <summary>Whether the recorded process still runs (a record left by a process that died is stale).</summary>
    [JsonIgnore]
    public bool IsAlive
    {
        get
        {
            try
            {
                using var process = Process.GetProcessById(Pid);
                return !process.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }
    }

    /// <summary>Completes when the owner's process has exited (at once if it already has).</summary>
    public async Task WaitForExitAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var process = Process.GetProcessById(Pid);
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (ArgumentException)
        {
            // already gone
        }
    }

    public string Describe() => $"zsweep {Command} (pid {Pid})";

    public static string PathIn(string home) => Path.Combine(home, FileName);

    /// <summary>The recorded owner, or null when there is no record or it is unreadable (being replaced).</summary>
    public static HomeOwner? Read(string home)
    {
        try
        {
            return JsonSerializer.Deserialize<HomeOwner>(File.ReadAllText(PathIn(home)), Json);
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }

    public void Write(string home) => AtomicFile.WriteAllText(PathIn(home), JsonSerializer.Serialize(this, Json));
}
