import ComplexModule
import LinearAlgebra
import PropertyBased
import Randomness
import RealModule
import Stability
import Testing

/// Circuit spectra with closed forms: diagonal W decouples into 2 × 2 blocks whose trace and
/// determinant are the 1-neuron formulas of MATH.md §4 (proofs/theorem1.md eqs. 5.10–5.11).
@Suite("Circuit spectra in closed form (MATH.md §4)")
struct CircuitSpectrumTests {
    /// Roots of λ² − T λ + D = 0 without cancellation (q = (T + sign(T)√Δ)/2, λ = q and D/q).
    static func quadraticRoots(trace t: Double, determinant d: Double) -> [Complex<Double>] {
        let discriminant = t * t - 4 * d
        if discriminant < 0 {
            let imaginary = (-discriminant).squareRoot() / 2
            return [Complex(t / 2, imaginary), Complex(t / 2, -imaginary)]
        }
        let q = (t + (t < 0 ? -1 : 1) * discriminant.squareRoot()) / 2
        return q == 0 ? [.zero, .zero] : [Complex(q, 0), Complex(d / q, 0)]
    }

    /// proofs/theorem1.md eqs. 5.10–5.11 (and proofs/energy.md eq. 6.3 for diagonal W: decoupled oscillators).
    @Test("Diagonal W: LAPACK matches the per-neuron trace/det eigenvalues (MATH.md §4, w_r = 1)")
    func diagonalWeights() async {
        await propertyCheck(count: 200, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let n = 1 + rng.nextIndex(below: 12)
            let weights = (0..<n).map { _ in rng.nextLogUniform(1e-2, 10) }
            let circuit = PaperCircuit(
                n: n, w: ColumnMajorMatrix.diagonal(weights),
                b: (0..<n).map { _ in rng.nextUniform(-2, 2) }, z: (0..<n).map { _ in rng.nextUniform(-2, 2) },
                cSquared: (0..<n).map { _ in rng.nextLogUniform(1e-3, 1) },
                tauY: (0..<n).map { _ in rng.nextLogUniform(1e-3, 1e-1) },
                tauA: (0..<n).map { _ in rng.nextLogUniform(1e-3, 1e-1) })
            let (y, a) = try #require(circuit.closedFormFixedPoint())
            let spectrum = try Spectrum(jacobian: circuit.jacobian(y: y, a: a))
            var remaining = spectrum.eigenvalues
            for i in 0..<n {
                let s = a[i].squareRoot(), c2 = circuit.cSquared[i], w = weights[i]
                // MATH.md §4 with w_r = 1 (g = s): trace and τ_y τ_a det.
                let trace = -s / circuit.tauY[i] - c2 / (s * s * circuit.tauA[i])
                let determinant = (s * c2 / (s * s) + w * y[i] * y[i] * s) / (circuit.tauY[i] * circuit.tauA[i])
                let roots = CircuitSpectrumTests.quadraticRoots(trace: trace, determinant: determinant)
                // Tolerance: 1e-10 relative to |λ|, plus the first-order error of a 2×2 block
                // with close eigenvalues, ε‖B‖²/|λ₁ − λ₂| (times 10³ for dgeev's p(m)).
                let blockScale = abs(trace) + determinant.squareRoot()
                let separation = max((roots[0] - roots[1]).length, Double.leastNormalMagnitude)
                for root in roots {
                    let nearest = try #require(remaining.indices.min { (remaining[$0] - root).length < (remaining[$1] - root).length })
                    let tolerance = 1e-10 * root.length + 1e3 * Double.ulpOfOne * blockScale * blockScale / separation
                    #expect((remaining[nearest] - root).length <= tolerance, "neuron \(i): \(remaining[nearest]) vs \(root)")
                    remaining.remove(at: nearest)
                }
            }
            #expect(spectrum.verdict == .stable)
        }
    }

    @Test("n = 1, generic w_r: eigenvalue sum and product are MATH.md §4's trace and det")
    func oneNeuronGenericRecurrence() async {
        await propertyCheck(count: 300, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            // Choose the fixed point first, then the parameters that make it one (MATH.md §4):
            // y g = b z and s²(1 − w y²) = c², with g = 1 − w_r + w_r s.
            let wr = rng.nextUniform(-2, 3), s = rng.nextLogUniform(0.05, 5)
            let g = 1 - wr + wr * s
            guard abs(g) > 1e-3 else { return }
            let y = rng.nextUniform(-2, 2), b = rng.nextUniform(0.5, 2)
            let w = rng.nextUniform(0, 0.99) / max(y * y, 0.25)  // w y² < 0.99
            let c2 = s * s * (1 - w * y * y)
            let tauY = rng.nextLogUniform(1e-3, 1e-1), tauA = rng.nextLogUniform(1e-3, 1e-1)
            let circuit = PaperCircuit(n: 1, w: ColumnMajorMatrix.diagonal([w]), b: [b], z: [y * g / b],
                                       cSquared: [c2], tauY: [tauY], tauA: [tauA])
            let recurrent = ColumnMajorMatrix.diagonal([wr])
            let residual = circuit.residual(y: [y], a: [s * s], recurrent: recurrent)
            #expect(infinityNorm(residual) <= 1e-13 * (1 + s * s + abs(y) * (1 + s) * (1 + abs(wr))))
            let jacobian = circuit.jacobian(y: [y], a: [s * s], recurrent: recurrent)
            let spectrum = try Spectrum(jacobian: jacobian)
            let trace = -g / tauY - c2 / (s * s * tauA)
            let determinant = (g * c2 / (s * s) + wr * w * y * y * s) / (tauY * tauA)
            let sum = spectrum.eigenvalues.reduce(Complex<Double>.zero, +)
            let product = spectrum.eigenvalues.reduce(Complex<Double>.one, *)
            // Sum and product of the two eigenvalues: errors ≲ ε‖J‖ and ε‖J‖², times 100.
            let scale = jacobian.frobeniusNorm
            #expect((sum - Complex(trace, 0)).length <= 100 * Double.ulpOfOne * scale)
            #expect((product - Complex(determinant, 0)).length <= 100 * Double.ulpOfOne * scale * scale)
            // g > 0, w_r ≥ 0, w ≥ 0 ⇒ trace < 0 < det: asymptotically stable (MATH.md §4).
            if g > 0, wr >= 0 { #expect(spectrum.verdict == .stable) }
        }
    }
}
