using ZImageSweep.StandInWorker;

// Usage: StandInWorker   (one slot's worker process: arms are started and stopped through stdin, WorkerProtocol)
return await SlotWorker.RunAsync(Console.In, Console.Out, Console.Error);
