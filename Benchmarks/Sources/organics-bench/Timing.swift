import Foundation

/// Median wall time of `body` over `repetitions` runs after one warm-up, in seconds.
func medianSeconds(repetitions: Int = 5, _ body: () throws -> Void) rethrows -> Double {
    try body()
    var samples: [Double] = []
    for _ in 0..<repetitions {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
    }
    samples.sort()
    return samples[samples.count / 2]
}

/// "12.3 ms" style.
func formatSeconds(_ seconds: Double) -> String {
    if seconds < 1e-3 { return String(format: "%.1f µs", seconds * 1e6) }
    if seconds < 1 { return String(format: "%.2f ms", seconds * 1e3) }
    return String(format: "%.2f s", seconds)
}

/// The environment a reader needs to interpret the numbers.
func printEnvironment() {
    let environment = ProcessInfo.processInfo.environment
    print("# organics-bench")
    print("- date: \(ISO8601DateFormatter().string(from: Date()))")
    print("- cores: \(ProcessInfo.processInfo.activeProcessorCount)")
    print("- OPENBLAS_NUM_THREADS: \(environment["OPENBLAS_NUM_THREADS"] ?? "unset")")
    print("- OPENBLAS_CORETYPE: \(environment["OPENBLAS_CORETYPE"].map { $0.isEmpty ? "set (empty)" : $0 } ?? "unset")")
    print("- build: release (-Ounchecked for this harness; the library is built -O)")
    print("")
}
