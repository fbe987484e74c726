import CircuitModel
import Foundation
import Sweep

/// Where a sweep cell's time goes, against n: one work unit of `sweeps/default.json`
/// (all 16 δ of trial 0, ‖z‖ index 3 ≈ 0.072; for the gaussian row trial 2, ‖z‖ index 2
/// ≈ 0.037, a unit whose branch turns unstable so that the simulate stage runs) run by `SweepUnit` exactly as `organics sweep`
/// runs it, with each stage of `CellPipeline.standard` wrapped in a clock. "other" is the
/// unit's wall time minus the stages: the trial draw (K and its n×n eigendecomposition),
/// building each cell's circuit, the first-order error, δ* bisection bookkeeping and rows.
/// Single-threaded (one unit, one worker), so the stage sums add up to the wall time.
enum SweepStageBenchmarks {
    /// Accumulated seconds and calls per stage. The bench runs one unit on one thread;
    /// the lock only keeps the type honest about `Sendable`.
    final class StageClock: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var seconds: [String: Double] = [:]
        private(set) var calls: [String: Int] = [:]

        func time<T>(_ stage: String, _ body: () -> T) -> T {
            let start = DispatchTime.now().uptimeNanoseconds
            let result = body()
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
            lock.lock(); defer { lock.unlock() }
            seconds[stage, default: 0] += elapsed
            calls[stage, default: 0] += 1
            return result
        }
    }

    /// `CellPipeline.standard` with every stage timed by `clock`.
    static func timedPipeline(_ clock: StageClock) -> CellPipeline {
        let standard = CellPipeline.standard
        return CellPipeline(
            continueBranch: { circuit, start in clock.time("branch") { standard.continueBranch(circuit, start) } },
            analyzeSpectrum: { circuit, state, certificate, eigenbasis in
                clock.time(certificate ? "spectrum+certificate" : "spectrum") {
                    standard.analyzeSpectrum(circuit, state, certificate, eigenbasis)
                }
            },
            simulate: { circuit, state, seed in clock.time("simulate") { standard.simulate(circuit, state, seed) } },
            simulateStarts: { circuit, branch, starts, replay, seed in
                clock.time("starts") { standard.simulateStarts(circuit, branch, starts, replay, seed) }
            })
    }

    static func run() throws {
        let text = try String(contentsOfFile: "../sweeps/default.json", encoding: .utf8)
        print("## Sweep stages against n (one unit of sweeps/default.json = 16 cells; one worker)")
        print("")
        print("Times are totals over the unit's 16 cells (calls in parentheses; δ* bisection adds branch and spectrum calls).")
        print("")
        print("| config | n | trial | ‖z‖ | unit wall | per cell | branch | spectrum | spectrum + certificate | simulate | from starts | other |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        // Rows other than "from both starts" keep the branch-only cost (simulate = unstable, the
        // former default); the starts rows time the simulations from the default starts
        // (closed-form, first-order) at ‖z‖ ≈ 0.072 and at ‖z‖ = 0.01, where slow foci sit.
        let unstableOnly = "simulate=unstable"
        let rows: [(label: String, n: Int, trial: Int, zIndex: Int, overrides: [String])] = [
            ("symmetric", 25, 0, 3, [unstableOnly]), ("symmetric", 50, 0, 3, [unstableOnly]),
            ("symmetric", 100, 0, 3, [unstableOnly]), ("symmetric", 200, 0, 3, [unstableOnly]),
            ("symmetric", 400, 0, 3, [unstableOnly]),
            ("symmetric, certificate", 100, 0, 3, ["certificate=true", unstableOnly]),
            ("gaussian", 100, 2, 2, ["ensemble=gaussian", unstableOnly]),
            ("symmetric, from both starts", 100, 0, 3, []),
            ("symmetric, from both starts", 100, 0, 0, []),
        ]
        for row in rows {
            let config = try SweepConfig.decode(text, overrides: row.overrides + ["n=\(row.n)"])
            guard let seed = config.seed else { fatalError("sweeps/default.json has a seed") }
            let clock = StageClock()
            let unit = SweepUnit(config: config, master: seed, pipeline: timedPipeline(clock))
            let grid = SweepGrid(config)
            let unitIndex = row.trial * grid.inputNorms.count + row.zIndex
            let start = DispatchTime.now().uptimeNanoseconds
            let cells = try unit.run(unit: unitIndex)
            let wall = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
            func stage(_ name: String) -> String {
                guard let calls = clock.calls[name] else { return "—" }
                return "\(formatSeconds(clock.seconds[name] ?? 0)) (\(calls))"
            }
            let other = wall - clock.seconds.values.reduce(0, +)
            print("| \(row.label) | \(row.n) | \(row.trial) | \(String(format: "%.3g", grid.inputNorms[row.zIndex])) | \(formatSeconds(wall)) | \(formatSeconds(wall / Double(cells.count))) | \(stage("branch")) | \(stage("spectrum")) | \(stage("spectrum+certificate")) | \(stage("simulate")) | \(stage("starts")) | \(formatSeconds(other)) |")
        }
        print("")
    }
}
