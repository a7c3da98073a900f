using ZImageSweep.StandInWorker;

// Usage: StandInWorker <job file> [--resume-from <checkpoint>] [--run-id <run>]   (WorkerProtocol)
return await FakeTraining.RunAsync(args, Console.In, Console.Out, Console.Error);
