import CircuitModel
import Dynamics
import FixedPointSolver
import Foundation
import Randomness

/// Issue 7: steps and time to settle at n = 100 (stable and near-critical), our
/// error-controlled integrator + classifier against explicit Euler at dt = 0.05 τ run until
/// the same final accuracy (‖x − x*‖∞ ≤ 1e-6 ‖x*‖∞, x* the branch fixed point).
enum DynamicsBenchmarks {
    static func run() throws {
        print("## Settling at n = 100 (‖z‖ = 0.05 delocalized; start: branch point perturbed by 1e-2, seed 1)")
        print("")
        print("| Δ | branch α·τ | ours: verdict | ours: steps (rejected) | ours: time | Euler dt = 0.05τ: steps to 1e-6 | Euler time |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        for delta in [0.3, 0.9] {
            let circuit = try BenchmarkCircuits.literature(n: 100, delta: delta, inputNorm: 0.05)
            let branch = try CircuitFixedPointSolver().normalizationBranch(of: circuit)
            let tau = circuit.slowestTimeConstant
            var classification: AttractorClassification?
            let ours = try medianSeconds(repetitions: 1) {
                classification = try CircuitDynamics.classify(circuit: circuit, near: branch.state, perturbation: 1e-2, seed: 1)
            }
            let spectrumAbscissa = classification?.fixedPoint?.spectralAbscissa ?? .nan
            var generator = Xoshiro256StarStar(seed: 1)
            let start = CircuitDynamics.randomStart(near: branch.state, spread: 1e-2, using: &generator).flattened
            var eulerSteps = 0
            let target = branch.state.flattened, scale = infinityNorm(target)
            let euler = medianSeconds(repetitions: 1) {
                var x = start, dx = [Double](repeating: 0, count: x.count)
                let dt = 0.05 * tau, limit = Int(2000 * tau / dt)
                eulerSteps = limit
                for step in 1...limit {
                    x.withUnsafeBufferPointer { s in dx.withUnsafeMutableBufferPointer { circuit.vectorField(s, into: $0) } }
                    for k in x.indices { x[k] += dt * dx[k] }
                    if step % 20 == 0, zip(x, target).allSatisfy({ abs($0 - $1) <= 1e-6 * scale }) { eulerSteps = step; break }
                }
            }
            let stats = classification?.statistics
            print("| \(delta) | \(String(format: "%.4f", spectrumAbscissa * tau)) | \(classification?.kind.rawValue ?? "?") | \(stats?.acceptedSteps ?? 0) (\(stats?.rejectedSteps ?? 0)) | \(formatSeconds(ours)) | \(eulerSteps) | \(formatSeconds(euler)) |")
        }
        print("")
        print("Ours includes classification (settle window, Newton polish, spectrum at the settled point).")
        print("")
    }
}
