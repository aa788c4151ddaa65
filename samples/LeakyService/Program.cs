using LeakyService;

var builder = WebApplication.CreateBuilder(args);

// Request logs would drown the one line that matters to whoever starts it: "Now listening on: ...".
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Services.AddPprof(options =>
{
    builder.Configuration.GetSection("Pprof").Bind(options);

    // --Pprof:PushTo=http://pyroscope:4040 [--Pprof:PushProfiles=cpu,allocs]: push to Grafana Pyroscope (docs/push.md).
    if (builder.Configuration["Pprof:PushTo"] is { Length: > 0 } server)
    {
        options.PushTo(server, push =>
        {
            if (builder.Configuration["Pprof:PushProfiles"] is { Length: > 0 } kinds)
            {
                push.Profiles.Clear();
                push.Profiles.UnionWith(kinds.Split(',').Select(kind => Enum.Parse<Pprof.Collector.ProfileKind>(kind, ignoreCase: true)));
            }
        });
    }
});

var app = builder.Build();
app.MapGet("/", () => "LeakyService: GET /orders/{id}, POST /login?user=NAME, GET /download?kb=N, POST /subscribe, POST /price?cents=N; profiles under /debug/pprof/\n");
app.MapGet("/orders/{id:int}", (int id) => OrderCache.Get(id).Summary());
app.MapPost("/login", (string? user) => SessionLogger.Start(user ?? "anonymous"));
app.MapGet("/download", (int? kb) => Results.File(ReportExport.Render(kb ?? 4096), "text/csv", "report.csv"));
app.MapPost("/subscribe", () => PriceFeed.Subscribe(new PriceWatcher()));
app.MapPost("/price", (long cents) => PriceFeed.Publish(cents));
app.MapPprof();
app.Run();
