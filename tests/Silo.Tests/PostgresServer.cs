using System.Diagnostics;
using Npgsql;

namespace ZImageSweep.Silo.Tests;

/// <summary>
/// A throwaway PostgreSQL cluster (PLATFORM.md B4): <c>initdb</c> into a temp folder and <c>pg_ctl start</c> on a
/// free port bound to 127.0.0.1 only; stopped with <c>-m immediate</c> and deleted on dispose. PostgreSQL refuses to
/// run as root, so under root the server runs as the <c>postgres</c> user. Needs the Debian <c>postgresql</c>
/// package (build/install-test-deps.sh).
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    const string BinDirectory = "/usr/lib/postgresql/15/bin";
    readonly string _root = Directory.CreateTempSubdirectory("zsweep-pg-").FullName;
    int _port;

    string DataDirectory => Path.Combine(_root, "data");

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = _port, Username = "postgres", Database = database, Pooling = true }.ToString();

    public async ValueTask InitializeAsync()
    {
        _port = FreePorts.Take();
        if (Environment.UserName == "root") await Run("chown", ["postgres:postgres", _root], asPostgres: false);
        await Run(Path.Combine(BinDirectory, "initdb"), ["-D", DataDirectory, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"]);
        await Run(Path.Combine(BinDirectory, "pg_ctl"), ["-D", DataDirectory, "-l", Path.Combine(_root, "server.log"), "-w", "-o",
            $"-p {_port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={_root} -c fsync=off -c max_connections=200", "start"]);
    }

    /// <summary>A new, empty database for one test.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        string name = $"zsweep_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        await Run(Path.Combine(BinDirectory, "pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "stop"]);
        Directory.Delete(_root, recursive: true);
    }

    static async Task Run(string file, string[] arguments, bool asPostgres = true)
    {
        bool runAs = asPostgres && Environment.UserName == "root";
        var start = new ProcessStartInfo(runAs ? "runuser" : file) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (runAs) foreach (string a in new[] { "-u", "postgres", "--", file }) start.ArgumentList.Add(a);
        foreach (string a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {stderr}{await stdout}");
    }
}
