import CircuitModel
import Foundation
import FixedPointSolver
import JacobianBuilder
import LinearAlgebra
import Stability
import Sweep

/// Issue 15: the branch continuation by the dense route (2n × 2n LU per Newton iteration) and
/// the structured route (one (n+1) × (n+1) LU, proofs/newton.md §7.10), the spectrum stage of a
/// sweep cell (`CellPipeline.standard.analyzeSpectrum`), and a dense dgeev of the 2n × 2n
/// Jacobian for reference. Circuit: `BenchmarkCircuits.literature` (W = ones, symmetric K,
/// δ = 0.5, seed 42). Median of 3 below n = 1000, one run from n = 1000 on (no warm-up there).
enum RouteBenchmarks {
    static func timed(repetitions: Int, _ body: () throws -> Void) rethrows -> Double {
        if repetitions > 1 { try body() }
        var samples: [Double] = []
        for _ in 0..<max(1, repetitions) {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
        }
        samples.sort()
        return samples[samples.count / 2]
    }

    static var sizes: [Int] {
        ProcessInfo.processInfo.environment["ROUTE_BENCH_SIZES"].map { $0.split(separator: ",").compactMap { Int($0) } }
            ?? [100, 200, 400, 1000, 2000]
    }

    static func run() throws {
        print("## Issue 15: branch and cell by linear-algebra route (W = ones, symmetric K, δ = 0.5)")
        print("")
        print("Branch = `CircuitFixedPointSolver.normalizationBranch` (steps / LU factorizations, dense fallbacks); "
              + "spectrum = the sweep's spectrum stage `CellPipeline.stabilitySpectrum` by route (flow Jacobian, `Spectrum`, verdict); cell = branch + spectrum; "
              + "gap = max |x_dense − x_structured| / ‖x‖∞.")
        print("")
        print("| n | branch, dense | branch, structured | speed-up | gap | spectrum, dense | spectrum, structured | cell, dense | cell, structured | cell speed-up | dgeev 2n×2n (values) |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        let dense = CircuitFixedPointSolver(jacobian: CircuitJacobian.standard.routed(.dense))
        let structured = CircuitFixedPointSolver(jacobian: CircuitJacobian.standard.routed(.structured))
        for n in sizes {
            let circuit = try BenchmarkCircuits.literature(n: n, delta: 0.5, seed: 42)
            let repetitions = n >= 1000 ? 1 : 3
            var byDense: BranchSolution?, byStructured: BranchSolution?
            let structuredTime = try timed(repetitions: repetitions) { byStructured = try structured.normalizationBranch(of: circuit) }
            let denseTime = try timed(repetitions: repetitions) { byDense = try dense.normalizationBranch(of: circuit) }
            guard let byDense, let byStructured else { continue }
            let x = byDense.state.flattened, z = byStructured.state.flattened
            let gap = zip(x, z).map { abs($0 - $1) }.max()! / infinityNorm(x)
            let spectrumDense = timed(repetitions: repetitions) {
                _ = CellPipeline.stabilitySpectrum(circuit, z, certificate: false, route: .dense)
            }
            let spectrumStructured = timed(repetitions: repetitions) {
                _ = CellPipeline.stabilitySpectrum(circuit, z, certificate: false, route: .structured)
            }
            let flow = JacobianBuilder().flowJacobian(of: circuit, at: z).matrix
            let dgeev = try timed(repetitions: repetitions) { _ = try Eigendecomposition(flow) }
            let d = byDense.continuation, s = byStructured.continuation
            let cellDense = denseTime + spectrumDense, cellStructured = structuredTime + spectrumStructured
            print("| \(n) | \(formatSeconds(denseTime)) (\(d.steps) / \(d.factorizations)) | "
                  + "\(formatSeconds(structuredTime)) (\(s.steps) / \(s.factorizations), \(s.denseFallbacks) fallbacks) | "
                  + String(format: "%.1f×", denseTime / structuredTime) + " | " + String(format: "%.1e", gap) + " | "
                  + "\(formatSeconds(spectrumDense)) | \(formatSeconds(spectrumStructured)) | \(formatSeconds(cellDense)) | "
                  + "\(formatSeconds(cellStructured)) | " + String(format: "%.1f×", cellDense / cellStructured)
                  + " | \(formatSeconds(dgeev)) |")
        }
        print("")
    }
}

/// For profiling (`perf record … organics-bench route-profile`): 20 structured branch solves at
/// n = ROUTE_PROFILE_N (default 100), nothing else; ROUTE_PROFILE_STAGE=spectrum times the
/// sweep's spectrum stage at the branch point instead, and ROUTE_PROFILE_STAGE=load the reading
/// of the case file ROUTE_PROFILE_CASE. ROUTE_PROFILE_REUSE=1 turns on
/// `ContinuationOptions.reusesPredictorFactorization` (proofs/newton.md §7.10).
enum RouteProfile {
    static func run() throws {
        let n = ProcessInfo.processInfo.environment["ROUTE_PROFILE_N"].flatMap { Int($0) } ?? 100
        let route = LinearAlgebraRoute(rawValue: ProcessInfo.processInfo.environment["ROUTE_PROFILE_ROUTE"] ?? "structured") ?? .structured
        let circuit = try BenchmarkCircuits.literature(n: n, delta: 0.5, seed: 42)
        let reuse = ProcessInfo.processInfo.environment["ROUTE_PROFILE_REUSE"] == "1"
        // ROUTE_PROFILE_EIGENBASIS: the smallest n for eigenbasis solves (newton.md §7.11); "off" = never.
        let eigenbasis = ProcessInfo.processInfo.environment["ROUTE_PROFILE_EIGENBASIS"].map { $0 == "off" ? Int.max : Int($0) ?? 1 }
            ?? SymmetricRecurrenceBasis.minimumOrder
        let solver = CircuitFixedPointSolver(jacobian: CircuitJacobian.standard.routed(route).eigenbasisSolves(fromOrder: eigenbasis),
                                             continuation: ContinuationOptions(reusesPredictorFactorization: reuse))
        let repetitions = ProcessInfo.processInfo.environment["ROUTE_PROFILE_REPETITIONS"].flatMap { Int($0) } ?? 20
        let stage = ProcessInfo.processInfo.environment["ROUTE_PROFILE_STAGE"] ?? "branch"
        let time: Double
        if stage == "load" {
            // Reading a case file (ROUTE_PROFILE_CASE): the first stage of every `organics solve`.
            guard let path = ProcessInfo.processInfo.environment["ROUTE_PROFILE_CASE"] else {
                print("route-profile: ROUTE_PROFILE_STAGE=load needs ROUTE_PROFILE_CASE=path/to/case.json"); return
            }
            let loaded = try RouteBenchmarks.timed(repetitions: repetitions) { _ = try CaseFile.load(path: path) }
            print("route-profile: load \(path): median \(formatSeconds(loaded))")
            return
        }
        if stage == "spectrum" {
            let point = try solver.normalizationBranch(of: circuit).state.flattened
            time = RouteBenchmarks.timed(repetitions: repetitions) {
                _ = CellPipeline.stabilitySpectrum(circuit, point, certificate: false, route: route)
            }
        } else {
            time = try RouteBenchmarks.timed(repetitions: repetitions) { _ = try solver.normalizationBranch(of: circuit) }
        }
        let branch = try solver.normalizationBranch(of: circuit).continuation
        print("route-profile: n = \(n), \(route.rawValue), \(stage): median \(formatSeconds(time))"
              + (reuse ? " (predictor LU reuse)" : "")
              + "; branch: \(branch.steps) steps, \(branch.rejectedSteps) rejected, \(branch.factorizations) factorizations"
              + " (\(branch.eigenbasisFactorizations) by eigenbasis solves)")
    }
}

/// The structured route's dense fallbacks over every cell of a sweep config (default
/// sweeps/default.json): each cell's circuit (`SweepUnit.circuit(ofCell:)`) has its
/// normalization branch continued from W_r = I by the structured route; the factorizations and
/// fallbacks of the continuations are summed (`ContinuationSolution.denseFallbacks`). The spectrum
/// at each branch point is taken by the automatic route, as the sweep does, and its routes are
/// counted (symmetric arrowhead, Schur form of M, dense, fallback with its reason).
enum RouteFallbacks {
    static func run() throws {
        let path = ProcessInfo.processInfo.environment["ROUTE_FALLBACK_CONFIG"] ?? "../sweeps/default.json"
        let config = try SweepConfig.decode(try String(contentsOfFile: path, encoding: .utf8))
        guard let seed = config.seed else { print("route-fallbacks: the config has no seed"); return }
        let unit = SweepUnit(config: config, master: seed)
        let solver = CircuitFixedPointSolver(jacobian: CircuitJacobian.standard.routed(.structured))
        var cells = 0, structured = 0, fallbacks = 0, withFallback = 0, eigenbasis = 0, statuses: [String: Int] = [:]
        var spectrumRoutes: [String: Int] = [:]
        let start = DispatchTime.now().uptimeNanoseconds
        for cell in 0..<SweepGrid(config).cellCount {
            let circuit = try unit.circuit(ofCell: cell)
            guard let branch = try? solver.normalizationBranch(of: circuit) else { statuses["undefined", default: 0] += 1; continue }
            cells += 1
            structured += branch.continuation.structuredFactorizations
            fallbacks += branch.continuation.denseFallbacks
            eigenbasis += branch.continuation.eigenbasisFactorizations
            if branch.continuation.denseFallbacks > 0 { withFallback += 1 }
            statuses[branch.branchLabel, default: 0] += 1
            let jacobian = JacobianBuilder().flowJacobian(of: branch.circuit, at: branch.state.flattened).matrix
            let route = (try? Spectrum(jacobian: jacobian, structure: CellPipeline.jacobianStructure(of: branch.circuit),
                                       route: .automatic))?.route
            let key: String
            switch route {
            case .symmetricArrowhead: key = "symmetric arrowhead"
            case .structured: key = "Schur form of M"
            case .dense: key = "dense"
            case .fallback(let reason): key = "fallback (\(reason.rawValue))"
            case nil: key = "failed"
            }
            spectrumRoutes[key, default: 0] += 1
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        print("## Structured route over every cell of \(path) (branch from W_r = I)")
        print("")
        print("| cells | branch statuses | structured factorizations | of which eigenbasis solves | dense fallbacks | cells with a fallback | time |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        let labels = statuses.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        print("| \(cells) | \(labels) | \(structured) | \(eigenbasis) | \(fallbacks) | \(withFallback) | \(formatSeconds(seconds)) |")
        print("")
        let routes = spectrumRoutes.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        print("Spectrum routes at the branch points (automatic, as in the sweep): \(routes)")
        print("")
    }
}
