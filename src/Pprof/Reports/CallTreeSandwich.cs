namespace Pprof.Reports;

/// <summary>
/// A function's sandwich as <see cref="ProfileReport.WidestSandwich"/> finds it in passes over the samples: the stacks
/// through the function cut at its outermost frame, their callers merged by name from the function outwards and their
/// callees merged by name from the function down, as two tables of part of a tree whose root (frame 0) is the
/// function: the frames a picture with the budget given draws, with exact values, the rest of each frame's callees
/// summed (<see cref="CallTreeTable.LeftOut"/>).
/// </summary>
/// <param name="Matched">The names of the frames the function's regexp matched, each once.</param>
/// <param name="Flat">The value of the stacks that end in the function.</param>
/// <param name="Cum">The value of the stacks through the function, each counted once however often it recurses.</param>
/// <param name="Callers">The callers, the nearest first: a frame's callees here are its callers.</param>
/// <param name="Callees">The callees.</param>
public sealed record CallTreeSandwich(IReadOnlyList<string> Matched, long Flat, long Cum, CallTreeTable Callers, CallTreeTable Callees);
