import Foundation

/// How many threads LAPACK/BLAS may use: one per process where cells run side by side, and
/// every core for one large cell on its own.
///
/// Measured (issue 15; notebooks-md/benchmarks.md "Threads", structured route, the
/// literature's circuit, δ = 0.5, idle 2-core machine): a second OpenBLAS thread makes the
/// branch slower at n = 400 (225 → 242 ms) and faster from n = 1000 on (1.39 → 1.17 s; n = 2000:
/// 8.3 → 6.0 s, and the spectrum 5.2 → 4.1 s); under load from other jobs it made every n
/// slower or no faster. Sweeps parallelize over cells instead (`organics sweep --workers`,
/// `organics solve --inputs --workers`) and keep one thread per worker; `organics solve` and
/// `organics spectrum` on case files use every core for a circuit of n ≥ 1000
/// (`useThreads(forNeuronCount:)`) and one below. An explicit OPENBLAS_NUM_THREADS always wins.
///
/// OpenBLAS reads the variable when the library is loaded, i.e. before `main` runs, so the
/// count is also set with `openblas_set_num_threads` when the loaded BLAS exports it (looked
/// up with dlsym, so a reference BLAS without that symbol works too).
public enum LinearAlgebraThreads {
    /// Whether the user set OPENBLAS_NUM_THREADS (read once, before this type sets it).
    private static let chosenByUser = getenv("OPENBLAS_NUM_THREADS") != nil

    /// The smallest n for which one cell runs faster on every core (measured, see above).
    public static let parallelNeuronCount = 1000

    /// Sets OPENBLAS_NUM_THREADS=1 (and OMP_NUM_THREADS=1) when not already set, and one
    /// thread in the loaded BLAS. Call it at process start, before any LAPACK call.
    public static func pinToOneThread() {
        guard !chosenByUser else { return }
        setenv("OPENBLAS_NUM_THREADS", "1", 0)
        setenv("OMP_NUM_THREADS", "1", 0)
        setThreadCount(1)
    }

    /// The thread count for one cell of `n` neurons that runs on its own.
    public static func threads(forNeuronCount n: Int) -> Int {
        n >= parallelNeuronCount ? max(1, ProcessInfo.processInfo.activeProcessorCount) : 1
    }

    /// Before a cell that runs on its own: `threads(forNeuronCount:)` threads, unless the user
    /// chose a count.
    public static func useThreads(forNeuronCount n: Int) {
        guard !chosenByUser else { return }
        setThreadCount(threads(forNeuronCount: n))
    }

    /// The loaded BLAS's thread count (`openblas_get_num_threads`), nil when it does not say.
    public static func currentThreadCount() -> Int? {
        guard let handle = dlopen(nil, RTLD_NOW) else { return nil }
        defer { dlclose(handle) }
        guard let symbol = dlsym(handle, "openblas_get_num_threads") else { return nil }
        typealias GetThreads = @convention(c) () -> Int32
        return Int(unsafeBitCast(symbol, to: GetThreads.self)())
    }

    private static func setThreadCount(_ count: Int) {
        guard let handle = dlopen(nil, RTLD_NOW) else { return }
        defer { dlclose(handle) }
        if let symbol = dlsym(handle, "openblas_set_num_threads") {
            typealias SetThreads = @convention(c) (Int32) -> Void
            unsafeBitCast(symbol, to: SetThreads.self)(Int32(count))
        }
    }
}
