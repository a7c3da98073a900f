using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using ZImageSweep.Grains.Hosting;
using ZImageSweep.Silo.Hosting;

namespace ZImageSweep.Grains.Tests;

/// <summary>
/// What every test silo shares: the stand-in worker as the training worker, CPU slots, grain state in a SQLite file,
/// and in-memory reminders whose watchdog period the test chooses.
/// </summary>
internal static class TestSilo
{
    public static void Configure(ISiloBuilder silo, string artifactRoot, string databasePath, int cpuSlots, TimeSpan watchdogPeriod)
    {
        var settings = new Dictionary<string, string>
        {
            ["Worker:Command"] = "dotnet",
            ["Worker:Arguments:0"] = Path.Combine(AppContext.BaseDirectory, "ZImageSweep.StandInWorker.dll"),
            ["Worker:StopTimeout"] = "00:00:05",
            ["Artifacts:Root"] = artifactRoot,
            ["Gpu:Mode"] = "Cpu",
            ["Gpu:CpuSlots"] = cpuSlots.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Experiments:WatchdogPeriod"] = watchdogPeriod.ToString("c"),
        };
        foreach (var (key, value) in settings) silo.Configuration[key] = value;
        silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        silo.AddSweepSqliteStorage(databasePath);
        silo.UseInMemoryReminderService();
        silo.AddSweepGrains();
        // The recording stand-in for experiments serves only the slot worker tests, which swap it in (SlotWorkerCluster).
        silo.Services.PostConfigure<GrainTypeOptions>(o => o.Classes.Remove(typeof(Trainers.RecordingExperimentGrain)));
    }
}
