using LeakyService;

var builder = WebApplication.CreateBuilder(args);

// Request logs would drown the one line that matters to whoever starts it: "Now listening on: ...".
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Services.AddPprof(options => builder.Configuration.GetSection("Pprof").Bind(options));

var app = builder.Build();
app.MapGet("/", () => "LeakyService: GET /orders/{id}, POST /login?user=NAME, GET /download?kb=N, POST /subscribe, POST /price?cents=N; profiles under /debug/pprof/\n");
app.MapGet("/orders/{id:int}", (int id) => OrderCache.Get(id).Summary());
app.MapPost("/login", (string? user) => SessionLogger.Start(user ?? "anonymous"));
app.MapGet("/download", (int? kb) => Results.File(ReportExport.Render(kb ?? 4096), "text/csv", "report.csv"));
app.MapPost("/subscribe", () => PriceFeed.Subscribe(new PriceWatcher()));
app.MapPost("/price", (long cents) => PriceFeed.Publish(cents));
app.MapPprof();
app.Run();
