using System.Buffers;
using System.Net;
using System.Security.Cryptography;

namespace ZImageSweep.Engine.Hub;

/// <summary>
/// One attempt at getting a blob: bytes go to <c>{blob}.incomplete</c>, which a later attempt resumes with a Range
/// request; when complete, its size and sha256 (for LFS files) are checked and it is renamed to the blob's name, so
/// the final name never holds a partial or corrupt file.
/// </summary>
sealed class BlobTransfer(HubClient client, HubFileMetadata metadata, string blobPath, string repo, string revision, string file, Action<long> report)
{
    const int BufferSize = 1 << 20;
    const long ReportEvery = 1 << 20;

    public string IncompletePath => blobPath + ".incomplete";

    public async Task RunAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(blobPath)!);
        long offset = File.Exists(IncompletePath) ? new FileInfo(IncompletePath).Length : 0;
        if (metadata.Size is { } expected && offset > expected)
        {
            File.Delete(IncompletePath); // longer than the file can be: not ours to resume
            offset = 0;
        }
        using IncrementalHash? hash = metadata.Sha256 is null ? null : IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (metadata.Size is not { } size || offset < size)
        {
            using HttpResponseMessage response = await client.GetBytesAsync(metadata.Location, offset, repo, revision, file, ct);
            if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                File.Delete(IncompletePath);
                throw Transient($"the server refused to resume at byte {offset}; the next attempt starts over", null);
            }
            if (offset > 0 && response.StatusCode != HttpStatusCode.PartialContent) offset = 0; // Range ignored: start over
            if (offset > 0 && response.Content.Headers.ContentRange?.From != offset)
            {
                File.Delete(IncompletePath);
                throw Transient($"the server resumed at byte {response.Content.Headers.ContentRange?.From} instead of {offset}; the next attempt starts over", null);
            }
            if (hash is not null && offset > 0) await HashExistingAsync(hash, ct);
            await CopyAsync(response, offset, hash, ct);
        }
        else if (hash is not null)
        {
            await HashExistingAsync(hash, ct); // a previous attempt got every byte but stopped before the rename
        }
        Verify(hash);
        File.Move(IncompletePath, blobPath, overwrite: true);
    }

    async Task CopyAsync(HttpResponseMessage response, long offset, IncrementalHash? hash, CancellationToken ct)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long done = offset, reported = offset;
        try
        {
            await using var output = new FileStream(IncompletePath, offset == 0 ? FileMode.Create : FileMode.Append, FileAccess.Write, FileShare.None, BufferSize);
            report(done);
            try
            {
                await using Stream body = await response.Content.ReadAsStreamAsync(ct);
                int read;
                while ((read = await body.ReadAsync(buffer.AsMemory(0, BufferSize), ct)) > 0)
                {
                    await output.WriteAsync(buffer.AsMemory(0, read), ct);
                    hash?.AppendData(buffer, 0, read);
                    done += read;
                    if (done - reported >= ReportEvery) report(reported = done);
                }
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                // The bytes so far stay in the .incomplete file (flushed when it is closed) for the next attempt.
                throw Transient($"the connection was lost after {done} of {metadata.Size?.ToString() ?? "?"} bytes; the next attempt resumes there", e);
            }
            output.Flush(flushToDisk: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        if (metadata.Size is { } size && done < size)
            throw Transient($"the server sent {done} of {size} bytes; the next attempt resumes there", null);
        report(done);
    }

    async Task HashExistingAsync(IncrementalHash hash, CancellationToken ct)
    {
        await using var existing = new FileStream(IncompletePath, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int read;
            while ((read = await existing.ReadAsync(buffer.AsMemory(0, BufferSize), ct)) > 0) hash.AppendData(buffer, 0, read);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    void Verify(IncrementalHash? hash)
    {
        long length = new FileInfo(IncompletePath).Length;
        if (metadata.Size is { } size && length != size) Corrupt($"{length} bytes instead of the announced {size}");
        if (hash is not null && Convert.ToHexStringLower(hash.GetHashAndReset()) is var actual && actual != metadata.Sha256)
            Corrupt($"sha256 {actual} instead of the announced {metadata.Sha256}");
    }

    void Corrupt(string reason)
    {
        File.Delete(IncompletePath);
        throw new HubIntegrityException(repo, revision, file, reason);
    }

    HubDownloadException Transient(string reason, Exception? inner) => new(repo, revision, file, reason, transient: true, inner);

    /// <summary>
    /// An exclusive lock on the blob (an flock'ed file in <c>.locks/</c>, as huggingface_hub keeps), so two processes
    /// on one host never write the same <c>.incomplete</c> file; waits up to <see cref="HubSettings.LockTimeout"/>.
    /// </summary>
    public static async Task<FileStream> LockAsync(string path, HubSettings settings, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        DateTime deadline = DateTime.UtcNow + settings.LockTimeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), ct); // another process holds it: poll
            }
        }
    }
}
