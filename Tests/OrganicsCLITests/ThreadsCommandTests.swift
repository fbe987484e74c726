import Foundation
import Randomness
import TestSupport
import Testing

/// `organics solve` chooses LAPACK's thread count by n (one thread below n = 1000, every core
/// from there; LinearAlgebraThreads) unless OPENBLAS_NUM_THREADS is set, says which in JSON
/// "blas_threads", and answers the same either way.
@Suite("CLI: BLAS threads by n")
struct ThreadsCommandTests {
    func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// n = 1000, W = ones, W_r = I + 0.5·(K + Kᵀ)/2 with K_ij ~ N(0, 1/n) (the literature's
    /// circuit), arrays as .npy. Run with OPENBLAS_NUM_THREADS unset (the command's choice: every
    /// core) and set to 1. Both fixed points satisfy (7.4′) at ε_rel = 1e-12 and the threaded
    /// BLAS only reorders sums, so they differ by at most κ₁(DF) · 2·1e-12 relative, κ₁ = 1/min_rcond
    /// as printed (≈ 6.6e3 here: a bound of 1.3e-8; measured 2.4e-15). The verdicts are equal and
    /// the abscissas agree within the two printed error bounds (plus 1e-9 relative for the
    /// fixed points' own difference).
    @Test("solve at n = 1000: every core unless OPENBLAS_NUM_THREADS says otherwise, the same fixed point and verdict; n = 3: one thread")
    func threadsByNeuronCount() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let n = 1000
        var rng = Xoshiro256StarStar(seed: 15)
        let k = (0..<(n * n)).map { _ in rng.nextGaussian() / Double(n).squareRoot() }
        var recurrent = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n { recurrent[i * n + j] = (i == j ? 1 : 0) + 0.5 * 0.5 * (k[i * n + j] + k[j * n + i]) } }
        try NumPyBytes.make(descr: "<f8", fortran: false, shape: [n, n], values: recurrent)
            .write(to: directory.appendingPathComponent("W_r.npy"))
        try NumPyBytes.make(descr: "<f8", fortran: false, shape: [n], values: [Double](repeating: 0.1 / Double(n).squareRoot(), count: n))
            .write(to: directory.appendingPathComponent("z.npy"))
        let path = try CommandRunner.write("""
            {"n": \(n), "b": 1, "b0": 1, "sigma": 0.1, "tau_y": 0.002, "tau_a": 0.002,
             "z": {"npy": "z.npy"}, "W_r": {"npy": "W_r.npy"}, "W": "ones"}
            """, named: "large.json", in: directory)
        let chosen = try CommandRunner.run(["solve", path, "--json"], blasThreads: nil)
        let single = try CommandRunner.run(["solve", path, "--json"], blasThreads: 1)
        #expect(chosen.status == 0 && single.status == 0, "\(chosen.standardError) \(single.standardError)")
        let a = try object(chosen.standardOutput), b = try object(single.standardOutput)
        #expect(a["blas_threads"] as? Int == ProcessInfo.processInfo.activeProcessorCount)
        #expect(b["blas_threads"] as? Int == 1)
        let x = (a["y"] as? [Double] ?? []) + (a["a"] as? [Double] ?? [])
        let z = (b["y"] as? [Double] ?? []) + (b["a"] as? [Double] ?? [])
        try #require(x.count == 2 * n && z.count == 2 * n)
        let size = x.map(abs).max() ?? 0
        let gap = zip(x, z).map { abs($0 - $1) }.max() ?? .infinity
        let rcond = min(a["min_rcond"] as? Double ?? 0, b["min_rcond"] as? Double ?? 0)
        #expect(rcond > 0 && gap <= 2e-12 / rcond * size, "gap \(gap), ‖x‖∞ \(size), min_rcond \(rcond)")
        #expect(a["verdict"] as? String == b["verdict"] as? String)
        let bound = (a["error_bound_per_s"] as? Double ?? 0) + (b["error_bound_per_s"] as? Double ?? 0)
        let alpha = a["spectral_abscissa_per_s"] as? Double ?? .nan, beta = b["spectral_abscissa_per_s"] as? Double ?? .nan
        #expect(abs(alpha - beta) <= bound + 1e-9 * abs(alpha), "\(alpha) vs \(beta), bound \(bound)")

        let small = try CommandRunner.write("""
            {"n": 3, "b": 1, "b0": 1, "sigma": 0.1, "tau_y": 0.002, "tau_a": 0.002, "z": [0.4, 0.2, 0.1],
             "W_r": [[1.0, 0.3, 0.1], [0.3, 0.9, 0.2], [0.1, 0.2, 1.1]], "W": "ones"}
            """, named: "small.json", in: directory)
        let few = try CommandRunner.run(["solve", small, "--json"], blasThreads: nil)
        #expect(few.status == 0)
        #expect(try object(few.standardOutput)["blas_threads"] as? Int == 1)
    }
}
