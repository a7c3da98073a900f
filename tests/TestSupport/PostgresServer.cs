using System.Diagnostics;
using Npgsql;

namespace ZImageSweep.TestSupport;

/// <summary>
/// A throwaway PostgreSQL cluster for one test run (docs/platform.md#testing-against-postgresql): <c>initdb</c> into a
/// temp folder and <c>pg_ctl start</c> on a free port bound to 127.0.0.1 only (or the address given to <see cref="On"/>); stopped with <c>-m immediate</c> and
/// deleted on dispose. Each test takes a database of its own (<see cref="CreateDatabaseAsync"/>). The binaries are
/// those of the installed major version, found with <c>pg_config --bindir</c> (Debian 12 ships 15, Ubuntu 24.04 16).
/// PostgreSQL refuses to run as root, so under root the server runs as the <c>postgres</c> user. Needs the
/// <c>postgresql</c> package and <c>pg_config</c> (build/install-test-deps.sh). A test whose silos live on other
/// addresses (network namespaces) starts one on its bridge address, trusting that subnet.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    readonly string _listenAddress = "127.0.0.1";
    readonly string? _trustedNetwork;

    /// <summary>A server on loopback (the test collection's fixture).</summary>
    public PostgresServer() { }

    /// <summary>A server for hosts on a subnet (not yet started: <see cref="InitializeAsync"/>).</summary>
    /// <param name="listenAddress">The one address the server binds and clients connect to.</param>
    /// <param name="trustedNetwork">A CIDR subnet allowed in without a password, beside the loopback that initdb allows.</param>
    public static PostgresServer On(string listenAddress, string trustedNetwork) => new(listenAddress, trustedNetwork);

    PostgresServer(string listenAddress, string trustedNetwork) => (_listenAddress, _trustedNetwork) = (listenAddress, trustedNetwork);

    /// <summary>Ports tried before giving up when another program took the one picked (a bind failure, not a bug).</summary>
    const int PortAttempts = 5;

    readonly string _root = Directory.CreateTempSubdirectory("zsweep-pg-").FullName;
    string _binDirectory = "";
    int _port;

    string DataDirectory => Path.Combine(_root, "data");
    string LogFile => Path.Combine(_root, "server.log");

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = _listenAddress, Port = _port, Username = "postgres", Database = database, Pooling = true }.ToString();

    public async ValueTask InitializeAsync()
    {
        _binDirectory = (await Run("pg_config", ["--bindir"], asPostgres: false)).Trim();
        if (Environment.UserName == "root") await Run("chown", ["postgres:postgres", _root], asPostgres: false);
        await Run(Path.Combine(_binDirectory, "initdb"), ["-D", DataDirectory, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"]);
        if (_trustedNetwork is not null) await File.AppendAllTextAsync(Path.Combine(DataDirectory, "pg_hba.conf"), $"host all all {_trustedNetwork} trust\n");
        for (int attempt = 1; ; attempt++)
        {
            _port = FreePorts.Take();
            try
            {
                await Run(Path.Combine(_binDirectory, "pg_ctl"), ["-D", DataDirectory, "-l", LogFile, "-w", "-o",
                    $"-p {_port} -c listen_addresses={_listenAddress} -c unix_socket_directories={_root} -c fsync=off -c max_connections=200", "start"]);
                return;
            }
            catch (InvalidOperationException) when (attempt < PortAttempts && PortWasTaken())
            {
                // Another program bound the port between FreePorts' check and the server's bind: take another.
            }
        }
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
        await Run(Path.Combine(_binDirectory, "pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "stop"]);
        Directory.Delete(_root, recursive: true);
    }

    bool PortWasTaken() => File.Exists(LogFile) && File.ReadAllText(LogFile).Contains("Address already in use", StringComparison.Ordinal);

    /// <summary>Runs a program to completion and returns its standard output; a non-zero exit throws with its output.</summary>
    static async Task<string> Run(string file, string[] arguments, bool asPostgres = true)
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
        return await stdout;
    }
}
