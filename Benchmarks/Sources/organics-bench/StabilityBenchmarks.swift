import CircuitModel
import FixedPointSolver
import JacobianBuilder
import LinearAlgebra
import Stability

/// Issue 5's target: what `Spectrum` adds on top of the bare dgeev call is < 20 % at n ≥ 100;
/// and the Lyapunov certificate's cost beside it.
enum StabilityBenchmarks {
    static func run() throws {
        print("## Spectrum and certificate vs bare dgeev (median of 3; J at the branch fixed point, Δ = 0.3)")
        print("")
        print("| n (J is 2n×2n) | bare dgeev | Spectrum, κ = 1 band | overhead | Spectrum (default: dgees + dtrsna band) | verified Lyapunov certificate |")
        print("| --- | --- | --- | --- | --- | --- |")
        let builder = JacobianBuilder()
        for n in [100, 300, 1000] {
            let circuit = try BenchmarkCircuits.literature(n: n, delta: 0.3)
            let branch = try CircuitFixedPointSolver().normalizationBranch(of: circuit)
            let jacobian = builder.flowJacobian(of: circuit, at: branch.state.flattened).matrix
            let repetitions = n >= 1000 ? 1 : 3
            let bare = try medianSeconds(repetitions: repetitions) { _ = try Eigendecomposition(jacobian) }
            let spectrum = try medianSeconds(repetitions: repetitions) {
                _ = try Spectrum(jacobian: jacobian, options: SpectrumOptions(conditionNumbers: false))
            }
            let withCondition = try medianSeconds(repetitions: repetitions) { _ = try Spectrum(jacobian: jacobian) }
            let certificate = try medianSeconds(repetitions: repetitions) { _ = try LyapunovCertificate(jacobian: jacobian) }
            let overhead = String(format: "%+.0f %%", 100 * (spectrum / bare - 1))
            print("| \(n) | \(formatSeconds(bare)) | \(formatSeconds(spectrum)) | \(overhead) | \(formatSeconds(withCondition)) | \(formatSeconds(certificate)) |")
        }
        print("")
    }
}
