namespace ZImageSweep.Silo.Hosting;

/// <summary>Single-machine default or a PostgreSQL-backed cluster.</summary>
public enum SiloMode
{
    Embedded,
    Cluster,
}
