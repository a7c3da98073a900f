using ZImageSweep.StandInWorker;

// Usage: StandInWorker <job file> [--resume-from <checkpoint>]   (WorkerProtocol)
return await FakeTraining.RunAsync(args, Console.In, Console.Out, Console.Error);
