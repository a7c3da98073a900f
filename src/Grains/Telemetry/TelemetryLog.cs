using Microsoft.Extensions.Logging;

namespace ZImageSweep.Grains.Telemetry;

/// <summary>Source-generated log messages of the metrics (event ids 4xxx; see <c>Log</c> for the others).</summary>
internal static partial class TelemetryLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Taking the experiment census for metrics failed; the previous one is reported until the next try")]
    public static partial void CensusFailed(ILogger logger, Exception exception);
}
