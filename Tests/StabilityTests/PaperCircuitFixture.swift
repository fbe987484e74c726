import CircuitModel
import JacobianBuilder
import LinearAlgebra
import PropertyBased
import Randomness
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An ORGaNICs circuit built directly from MATH.md §§1–2, independent of CircuitModel and
/// JacobianBuilder (test-only; the lead cross-checks it against the project's builder):
///
///     F_y = −y + b∘z + (1 − √a)∘(W_r y),   F_a = −a + c² + W (a∘y²),
///     J   = diag(1/τ) · [ −I + diag(1−s) W_r     diag(−r/(2s))      ]
///                       [ W diag(2 a∘y)          −I + W diag(y²)    ],  r = W_r y, s = √a.
struct PaperCircuit {
    let n: Int
    /// Normalization weights W (n × n), ≥ 0 inside Theorem 1's hypotheses.
    let w: ColumnMajorMatrix
    let b: [Double]
    let z: [Double]
    /// c_i² = (b0_i σ_i)².
    let cSquared: [Double]
    let tauY: [Double]
    let tauA: [Double]

    /// The closed form for W_r = I (MATH.md §1): a = c² + W (b∘z)², y = b∘z/√a.
    /// `nil` when some a_i ≤ 0 (possible only for W with negative entries).
    func closedFormFixedPoint() -> (y: [Double], a: [Double])? {
        let drive = (0..<n).map { (b[$0] * z[$0]) * (b[$0] * z[$0]) }
        let pooled = w.multiply(drive)
        let a = (0..<n).map { cSquared[$0] + pooled[$0] }
        guard a.allSatisfy({ $0 > 0 && $0.isFinite }) else { return nil }
        let y = (0..<n).map { b[$0] * z[$0] / a[$0].squareRoot() }
        return (y, a)
    }

    /// max_i max(τ_y,i, τ_a,i): the time scale that normalizes the spectral abscissa.
    var largestTimeConstant: Double { max(tauY.max() ?? 0, tauA.max() ?? 0) }

    /// The residual F(y, a) (without the 1/τ factors) for recurrent weights W_r.
    func residual(y: [Double], a: [Double], recurrent: ColumnMajorMatrix) -> [Double] {
        let r = recurrent.multiply(y)
        let q = (0..<n).map { a[$0] * y[$0] * y[$0] }
        let pooled = w.multiply(q)
        let fy = (0..<n).map { -y[$0] + b[$0] * z[$0] + (1 - a[$0].squareRoot()) * r[$0] }
        let fa = (0..<n).map { -a[$0] + cSquared[$0] + pooled[$0] }
        return fy + fa
    }

    /// DF (scaled = false) or the flow Jacobian diag(1/τ)·DF (scaled = true) at (y, a > 0),
    /// by the block formula of MATH.md §2. `recurrent` = nil means W_r = I.
    func jacobian(y: [Double], a: [Double], recurrent: ColumnMajorMatrix? = nil, scaled: Bool = true) -> ColumnMajorMatrix {
        let wr = recurrent ?? ColumnMajorMatrix.identity(n)
        let r = wr.multiply(y)
        let s = a.map { $0.squareRoot() }
        var jac = ColumnMajorMatrix(rows: 2 * n, columns: 2 * n)
        for i in 0..<n {
            let rowScaleY = scaled ? 1 / tauY[i] : 1, rowScaleA = scaled ? 1 / tauA[i] : 1
            for j in 0..<n {
                let identity: Double = i == j ? 1 : 0
                jac[i, j] = rowScaleY * (-identity + (1 - s[i]) * wr[i, j])
                jac[n + i, j] = rowScaleA * w[i, j] * 2 * a[j] * y[j]
                jac[n + i, n + j] = rowScaleA * (-identity + w[i, j] * y[j] * y[j])
            }
            jac[i, n + i] = rowScaleY * (-r[i] / (2 * s[i]))
        }
        return jac
    }
}

extension PaperCircuit {
    /// A random circuit inside Theorem 1's hypotheses (W ≥ 0, c² > 0, τ > 0), drawn to cover
    /// the corners: n = 1…64 (mostly small); W dense, sparse or heavy-tailed (Pareto
    /// magnitudes, capped at 10⁴) with overall scale log-uniform on [10⁻³, 10²]; τ_y, τ_a
    /// log-uniform on [10⁻⁴, 1] s per neuron (four decades); b, z of random sign with
    /// magnitudes log-uniform on [10⁻², 10] (z_i = 0 with probability 0.05);
    /// c² log-uniform on [10⁻⁶, 10].
    static func randomTheoremCircuit(using rng: inout some RandomNumberGenerator, maximumSize: Int = 64) -> PaperCircuit {
        let sizeClass = rng.nextUnitInterval()
        let n = sizeClass < 0.85 ? 1 + rng.nextIndex(below: min(8, maximumSize))
            : (sizeClass < 0.97 ? min(maximumSize, 9 + rng.nextIndex(below: 16)) : min(maximumSize, 25 + rng.nextIndex(below: 40)))
        let scale = rng.nextLogUniform(1e-3, 1e2)
        let structure = rng.nextIndex(below: 3)
        let density = rng.nextUniform(0.05, 0.5)
        let tailIndex = rng.nextUniform(0.8, 3)
        var w = ColumnMajorMatrix(rows: n, columns: n)
        for j in 0..<n {
            for i in 0..<n {
                switch structure {
                case 0: w[i, j] = scale * rng.nextUnitInterval()
                case 1: w[i, j] = rng.nextBernoulli(density) ? scale * rng.nextUnitInterval() : 0
                default: w[i, j] = scale * min(1e4, pow(rng.nextOpenUnitInterval(), -1 / tailIndex))
                }
            }
        }
        func signedLogUniform() -> Double {
            (rng.nextBernoulli(0.5) ? -1 : 1) * rng.nextLogUniform(1e-2, 10)
        }
        let b = (0..<n).map { _ in signedLogUniform() }
        let z = (0..<n).map { _ in rng.nextBernoulli(0.05) ? 0 : signedLogUniform() }
        let cSquared = (0..<n).map { _ in rng.nextLogUniform(1e-6, 10) }
        let tauY = (0..<n).map { _ in rng.nextLogUniform(1e-4, 1) }
        let tauA = (0..<n).map { _ in rng.nextLogUniform(1e-4, 1) }
        return PaperCircuit(n: n, w: w, b: b, z: z, cSquared: cSquared, tauY: tauY, tauA: tauA)
    }
}

/// The fixture against the project's own modules: its closed form, residual and block-formula
/// Jacobian must equal CircuitModel's and JacobianBuilder's (two independent transcriptions of
/// MATH.md §§1–2). c² enters the project as (b0 σ)² with b0 = 1, σ = √c², which rounds c² by at
/// most 2 ulps; entries then agree to 1e-12 of their row's scale.
@Test("the fixture's closed form and block Jacobian equal CircuitModel's and JacobianBuilder's (property)")
func paperCircuitFixtureMatchesProjectModules() async {
    let builder = JacobianBuilder()
    await propertyCheck(count: 40, input: Gen.uint64()) { seed in
        var rng = Xoshiro256StarStar(seed: seed)
        let fixture = PaperCircuit.randomTheoremCircuit(using: &rng, maximumSize: 12)
        let circuit = try Circuit(inputGain: fixture.b, input: fixture.z,
                                  normalizationGain: [Double](repeating: 1, count: fixture.n),
                                  sigma: fixture.cSquared.map { $0.squareRoot() }, tauY: fixture.tauY, tauA: fixture.tauA,
                                  normalizationWeights: .dense(fixture.w))
        let (y, a) = try #require(fixture.closedFormFixedPoint())
        let state = try NormalizationFixedPoint.state(for: circuit)
        for i in 0..<fixture.n {
            #expect(abs(state.a[i] - a[i]) <= 1e-13 * a[i], "seed \(seed): a[\(i)]")
            #expect(abs(state.y[i] - y[i]) <= 1e-13 * max(abs(y[i]), 1e-300), "seed \(seed): y[\(i)]")
        }
        let expected = fixture.jacobian(y: y, a: a)
        let actual = builder.flowJacobian(of: circuit, at: y + a).matrix
        for i in 0..<(2 * fixture.n) {
            let rowScale = (0..<(2 * fixture.n)).reduce(0) { max($0, abs(expected[i, $1])) }
            for j in 0..<(2 * fixture.n) {
                #expect(abs(actual[i, j] - expected[i, j]) <= 1e-12 * rowScale, "seed \(seed): J[\(i),\(j)]")
            }
        }
    }
}
