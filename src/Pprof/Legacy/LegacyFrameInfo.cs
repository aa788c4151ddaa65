namespace Pprof.Legacy;

/// <summary>
/// The drop_frames and keep_frames pprof gives legacy profiles, so that stacks start at the code that called the
/// allocator rather than in its internals.
/// </summary>
internal static class LegacyFrameInfo
{
    public static readonly string HeapDropFrames = string.Join('|',
        // POSIX entry points.
        "calloc", "cfree", "malloc", "free", "memalign", "do_memalign", "(__)?posix_memalign", "pvalloc", "valloc",
        "realloc",

        // TC malloc.
        @"tcmalloc::.*", "tc_calloc", "tc_cfree", "tc_malloc", "tc_free", "tc_memalign", "tc_posix_memalign",
        "tc_pvalloc", "tc_valloc", "tc_realloc", "tc_new", "tc_delete", "tc_newarray", "tc_deletearray",
        "tc_new_nothrow", "tc_newarray_nothrow",

        // Memory-allocation routines on OS X.
        "malloc_zone_malloc", "malloc_zone_calloc", "malloc_zone_valloc", "malloc_zone_realloc",
        "malloc_zone_memalign", "malloc_zone_free",

        // Go runtime.
        @"runtime\..*",

        // Other memory allocation routines.
        @"BaseArena::.*", "(::)?do_malloc_no_errno", "(::)?do_malloc_pages", "(::)?do_malloc", "DoSampledAllocation",
        "MallocedMemBlock::MallocedMemBlock", "_M_allocate", @"__builtin_(vec_)?delete", @"__builtin_(vec_)?new",
        "__gnu_cxx::new_allocator::allocate", "__libc_malloc", "__malloc_alloc_template::allocate", "allocate",
        "cpp_alloc", @"operator new(\[\])?", "simple_alloc::allocate");

    /// <summary>Go runtime frames in the middle or at the bottom of a stack that are worth keeping.</summary>
    public static readonly string HeapKeepFrames = string.Join('|', @"runtime\.panic", @"runtime\.reflectcall", @"runtime\.call[0-9]*");

    /// <summary>What pprof drops from every legacy profile that is neither a heap nor a contention profile.</summary>
    public static readonly string CountDropFrames = string.Join('|',
        "ProfileData::Add", "ProfileData::prof_handler", "CpuProfiler::prof_handler", "__pthread_sighandler", "__restore");
}
