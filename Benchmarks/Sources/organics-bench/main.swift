// `make bench`: prints Markdown tables (pasted into notebooks-md/benchmarks.md by
// `make notebooks`). Sections: LAPACK yardsticks, then one per module as it lands.
import Foundation

setenv("OPENBLAS_NUM_THREADS", ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] ?? "1", 1)
printEnvironment()
do {
    try LinearAlgebraBenchmarks.run()
} catch {
    FileHandle.standardError.write(Data("organics-bench: \(error)\n".utf8))
    exit(1)
}
