import Foundation

/// Keeps LAPACK/BLAS on one thread per process: sweeps parallelize over units already, and
/// nested OpenBLAS threads would oversubscribe the cores (and make timings erratic).
///
/// Measured (issue 15; notebooks-md/benchmarks.md "Threads", structured branch of the
/// literature's circuit, 2 cores shared with other jobs): a second OpenBLAS thread made one
/// cell slower at n = 400 and 1000 (0.25 → 0.64 s, 1.9 → 3.3 s) and no faster at n = 2000
/// (12.7 vs 13.1 s), while two single-threaded cells side by side cost what two cells one after
/// the other cost. So the default at every n is one thread per cell and parallelism across
/// cells (`organics sweep --workers`, `organics solve --inputs --workers`); `organics solve` on
/// case files pins one thread too. An explicit OPENBLAS_NUM_THREADS still wins.
///
/// `pinToOneThread()` sets OPENBLAS_NUM_THREADS=1 (and OMP_NUM_THREADS=1) when not already
/// set, and — because OpenBLAS reads the variable when the library is loaded, i.e. before
/// `main` runs — also calls `openblas_set_num_threads(1)` when the loaded BLAS exports it
/// (looked up with dlsym, so reference BLAS without that symbol works too). Call it at
/// process start, before any LAPACK call. An explicit OPENBLAS_NUM_THREADS is respected.
public enum LinearAlgebraThreads {
    public static func pinToOneThread() {
        let explicit = getenv("OPENBLAS_NUM_THREADS") != nil
        setenv("OPENBLAS_NUM_THREADS", "1", 0)
        setenv("OMP_NUM_THREADS", "1", 0)
        guard !explicit, let handle = dlopen(nil, RTLD_NOW) else { return }
        defer { dlclose(handle) }
        if let symbol = dlsym(handle, "openblas_set_num_threads") {
            typealias SetThreads = @convention(c) (Int32) -> Void
            unsafeBitCast(symbol, to: SetThreads.self)(1)
        }
    }
}
