// `make bench`: prints Markdown tables (pasted into notebooks-md/benchmarks.md by
// `make notebooks`). One section per module; `organics-bench jacobian newton` runs a subset.
import Foundation

setenv("OPENBLAS_NUM_THREADS", ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] ?? "1", 1)

let sections: [(name: String, run: () throws -> Void)] = [
    ("lapack", LinearAlgebraBenchmarks.run),
    ("jacobian", JacobianBenchmarks.run),
    ("newton", FixedPointSolverBenchmarks.run),
    ("stability", StabilityBenchmarks.run),
    ("dynamics", DynamicsBenchmarks.run),
    ("sweep-stages", SweepStageBenchmarks.run),
    ("routes", RouteBenchmarks.run),
    ("route-profile", RouteProfile.run),
    ("route-fallbacks", RouteFallbacks.run),
]
let requested = Array(CommandLine.arguments.dropFirst())
if let unknown = requested.first(where: { name in !sections.contains { $0.name == name } }) {
    FileHandle.standardError.write(Data("organics-bench: unknown section '\(unknown)' (sections: \(sections.map(\.name).joined(separator: ", ")))\n".utf8))
    exit(64)
}
printEnvironment()
do {
    for section in sections where requested.isEmpty || requested.contains(section.name) {
        try section.run()
    }
} catch {
    FileHandle.standardError.write(Data("organics-bench: \(error)\n".utf8))
    exit(1)
}
