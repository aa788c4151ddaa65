using Pprof.Profiles;

namespace Pprof.Legacy;

/// <summary>
/// The drop_frames and keep_frames pprof gives a legacy profile by its sample types, so that stacks start at the
/// code that called the allocator, the lock or the profiler rather than in their internals.
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

    /// <summary>The mutex internals that record a contention.</summary>
    public static readonly string LockDropFrames = string.Join('|',
        "RecordLockProfileData", "(base::)?RecordLockProfileData.*", "(base::)?SubmitMutexProfileData.*",
        "(base::)?SubmitSpinLockProfileData.*", "(base::Mutex::)?AwaitCommon.*", "(base::Mutex::)?Unlock.*",
        "(base::Mutex::)?UnlockSlow.*", "(base::Mutex::)?ReaderUnlock.*", "(base::MutexLock::)?~MutexLock.*",
        "(Mutex::)?AwaitCommon.*", "(Mutex::)?Unlock.*", "(Mutex::)?UnlockSlow.*", "(Mutex::)?ReaderUnlock.*",
        "(MutexLock::)?~MutexLock.*", "(SpinLock::)?Unlock.*", "(SpinLock::)?SlowUnlock.*",
        "(SpinLockHolder::)?~SpinLockHolder.*");

    /// <summary>What pprof drops from every legacy profile that is neither a heap nor a contention profile: the CPU profiler's frames.</summary>
    public static readonly string DefaultDropFrames = string.Join('|',
        "ProfileData::Add", "ProfileData::prof_handler", "CpuProfiler::prof_handler", "__pthread_sighandler", "__restore");

    private static readonly string[][] HeapTypes =
    [
        ["allocations", "size"], // Go's earliest heap profiles.
        ["objects", "space"],
        ["inuse_objects", "inuse_space"],
        ["alloc_objects", "alloc_space"],
        ["alloc_objects", "alloc_space", "inuse_objects", "inuse_space"],
    ];

    private static readonly string[] ContentionTypes = ["contentions", "delay"];

    public static void Apply(Profile profile)
    {
        var types = profile.SampleTypes.Select(t => t.Type).ToArray();
        (profile.DropFrames, profile.KeepFrames) = HeapTypes.Any(t => t.SequenceEqual(types)) ? (HeapDropFrames, HeapKeepFrames)
            : types.SequenceEqual(ContentionTypes) ? (LockDropFrames, "")
            : (DefaultDropFrames, "");
    }
}
