using Microsoft.Extensions.Hosting;
using ZImageSweep.Silo.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.AddSweepSilo();
await builder.Build().RunAsync();
