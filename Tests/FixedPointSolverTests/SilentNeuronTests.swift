import CircuitModel
import FixedPointSolver
import Foundation
import LinearAlgebra
import PropertyBased
import Randomness
import TestSupport
import Testing

/// Issue 14: circuits with silent neurons (z_i = 0 and a zero row of W_r − I, so y_i = 0 on the
/// whole branch) were reported folded although their branch is smooth (proofs/newton.md §7.4,
/// eq. (7.4′)).
@Suite("Silent neurons: no false folds (proofs/newton.md eq. 7.4′, §7.4)")
struct SilentNeuronTests {
    /// The CLI's solver (JacobianBuilder's DF, default options).
    let solver = CircuitFixedPointSolver()

    /// Tests/Regressions/false-folds: 19 circuits (n = 4, 8, 16; sparse W_r = I + δK, localized
    /// input, W = ones) with, for each, the branch fixed point at t = 1 computed outside this
    /// code (natural-parameter continuation with steps ≤ 0.004 and Newton to 1e-13, agreeing
    /// with a second run with steps ≤ 0.02 and with SciPy's hybr continued the same way).
    static let regressionDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Regressions/false-folds")

    @Test("the 19 false-fold regression circuits reach t = 1 and match their reference fixed point to 1e-9")
    func regressionCircuits() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.regressionDirectory.path)
            .filter { $0.hasSuffix(".json") && !$0.hasSuffix(".branch.json") }.sorted()
        #expect(names.count == 19)
        for name in names {
            let casePath = Self.regressionDirectory.appendingPathComponent(name).path
            let circuit = try CaseFile.load(path: casePath)
            let reference = try CircuitState.load(path: casePath.replacingOccurrences(of: ".json", with: ".branch.json"),
                                                  neuronCount: circuit.neuronCount)
            // Each circuit has at least one silent neuron: that is the class under test.
            let recurrent = circuit.recurrentWeights.denseMatrix(order: circuit.neuronCount)
            let silent = (0..<circuit.neuronCount).filter { i in
                circuit.input[i] == 0 && (0..<circuit.neuronCount).allSatisfy { j in recurrent[i, j] == (i == j ? 1 : 0) }
            }
            #expect(!silent.isEmpty, "\(name)")
            let branch = try solver.normalizationBranch(of: circuit)
            #expect(branch.reachedTarget && branch.isConverged, "\(name): \(branch.continuation.status)")
            // 1e-9: the reference's own accuracy is ~1e-13 (two step sizes and SciPy agree); the
            // branch is well conditioned (σ_min(DF) ≥ 0.02), so 1e-9 leaves room and still
            // separates the branch from any other zero.
            let distance = relativeDistance(branch.state.flattened, reference.flattened)
            #expect(distance <= 1e-9, "\(name): distance \(distance)")
            for i in silent { #expect(abs(branch.state.y[i]) <= 1e-20, "\(name): silent y[\(i)] = \(branch.state.y[i])") }
        }
    }

    @Test("the stopping rule (7.4′) accepts a silent component at rounding level and still refuses a real residual")
    func stoppingRuleOnSilentComponent() throws {
        // One silent neuron (z = 0, W_r = I): the zero has y = 0 exactly, a = c². At y = 1e-32
        // the componentwise rule alone fails (F_y = −√a·y against scale (1 + |1 − √a|)|y|), the
        // normwise term accepts it; at y = 1e-6 the residual is real and must be refused.
        let circuit = try Circuit(inputGain: [1], input: [0], normalizationGain: [1], sigma: [0.5], tauY: [0.002],
                                  tauA: [0.002], recurrentWeights: .identity, normalizationWeights: .ones)
        let problem = FixedPointProblem(circuit: circuit, initialGuess: CircuitState(y: [0], a: [0.25]))
        let options = NewtonOptions()
        for (y, accepted) in [(1e-32, true), (1e-6, false), (0.0, true)] {
            let x = [y, 0.25]
            let f = circuit.residual(at: x)
            let scale = circuit.residualScale(at: x)
            if y != 0 { #expect(abs(f[0]) > 1e-12 * scale[0], "componentwise alone must fail at y = \(y)") }
            #expect(problem.isConverged(f, at: x, options) == accepted, "y = \(y)")
        }
    }

    /// Checks proofs/newton.md (7.5).
    @Test("default continuation vs a slow reference (fixed steps 1/400, Newton to tolerance) on the widened generator: 1e-9")
    func slowReference() async throws {
        await propertyCheck(count: 60, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let n = 1 + rng.nextIndex(below: 8)
            let circuit = RandomCircuits.perturbedRecurrence(neuronCount: n, delta: rng.nextUniform(0, 2),
                                                              normalization: .ones, using: &rng)
            guard let reference = SlowReference.branch(of: circuit, steps: 400) else { return }
            let branch = try solver.normalizationBranch(of: circuit)
            #expect(branch.isConverged, "seed \(seed): default \(branch.continuation.status), the slow reference reached t = 1 with rcond ≥ \(reference.minimumReciprocalCondition)")
            if branch.isConverged {
                // 1e-9: both are zeros of the same F to 1e-12 relative with DF well conditioned
                // (rcond ≥ 1e-6, so the zeros agree to ≲ 1e-12/1e-6); a different zero is ≥ 1e-3 away.
                let distance = relativeDistance(branch.state.flattened, reference.point)
                #expect(distance <= 1e-9, "seed \(seed): distance \(distance)")
            }
        }
    }

    /// Checks proofs/newton.md §7.9.
    @Test("counterexample (property seed 18352274835525799283): n = 1, z = 0, c ≈ 0.004, w_r ≈ 4: a pitchfork at t ≈ 0.00135, before the reference's first step")
    func pitchforkBeforeFirstReferenceStep() throws {
        // g = 1 − w_r(t) + w_r(t) c with c = b0 σ: zero at w_r = 1/(1 − c), t = (w_r − 1)/(W − 1).
        let b0 = 0.1250592437358143, sigma = 0.03229075549302648, target = 4.004295687366219
        let circuit = try Circuit(inputGain: [-0.3138155739430122], input: [0], normalizationGain: [b0], sigma: [sigma],
                                  tauY: [0.0765702507124309], tauA: [0.004177262283718369],
                                  recurrentWeights: .dense(ColumnMajorMatrix(rowMajor: [[target]])), normalizationWeights: .ones)
        let c = b0 * sigma
        let exact = (1 / (1 - c) - 1) / (target - 1)
        let branch = try solver.normalizationBranch(of: circuit)
        guard case .passedBranchPoint(let point) = branch.continuation.status else {
            Issue.record("expected a branch point, got \(branch.continuation.status)")
            return
        }
        #expect(abs(point.parameter - exact) <= 1e-10 * exact, "branch point at \(point.parameter), exact \(exact)")
        // The reference compares sign det DF from t = 0 on, so it declines this path too (it
        // once started at its first step, 1/400 > t*, and reported a well-conditioned path).
        #expect(SlowReference.branch(of: circuit, steps: 400) == nil)
    }
}

/// A deliberately slow continuation of the normalization branch, independent of
/// `ParameterContinuation` and of the solvers' stopping rule: fixed steps t_k = k/N, each
/// corrected by full Newton steps from the previous point until the step is below
/// 1e-14·max(1, ‖x‖∞), and accepted when ‖F‖∞ ≤ 1e-12·max(1, ‖scale‖∞) (a normwise test).
/// Returns nil when it does not reach t = 1 on a well-conditioned path: a Newton failure, a
/// step moving x by more than 5% (a jump), rcond(DF) < 1e-6 or a change of sign det DF
/// (compared from t = 0 on).
enum SlowReference {
    struct Result {
        let point: [Double]
        let minimumReciprocalCondition: Double
    }

    static func branch(of circuit: Circuit, steps: Int) -> Result? {
        let n = circuit.neuronCount
        guard var x = try? NormalizationFixedPoint.stateIgnoringRecurrence(for: circuit).flattened else { return nil }
        let identity = ColumnMajorMatrix.identity(n)
        let direction = circuit.recurrentWeights.denseMatrix(order: n) - identity
        // sign det DF at t = 0 too: a branch point before the first step (e.g. n = 1, z = 0,
        // c ≪ 1: g = 1 − w_r(t) + w_r(t) c vanishes at t ≈ c/(w_r − 1)) must not go unseen.
        func determinantSign(_ lu: LUFactorization) -> Int {
            var s = 1
            for i in 0..<lu.order {
                if lu.factors[i, i] < 0 { s = -s }
                if lu.pivots[i] != Int32(i + 1) { s = -s }
            }
            return s
        }
        guard let identityCircuit = try? circuit.replacingRecurrentWeights(.identity),
              let start = try? LUFactorization(paperJacobian.evaluate(identityCircuit, x)) else { return nil }
        var sign: Int? = determinantSign(start)
        var minimumRcond = Double.infinity
        for k in 1...steps {
            let t = Double(k) / Double(steps)
            guard let stage = k == steps ? circuit : try? circuit.replacingRecurrentWeights(.dense(identity + t * direction)) else {
                return nil
            }
            let previous = x
            var lu: LUFactorization? = nil
            for _ in 0..<30 {
                guard let factored = try? LUFactorization(paperJacobian.evaluate(stage, x)),
                      let step = try? factored.solve(stage.residual(at: x)) else { return nil }
                lu = factored
                x = zip(x, step).map { $0 - $1 }
                guard x[n...].allSatisfy({ $0 > 0 }) else { return nil }
                if infinityNorm(step) <= 1e-14 * max(1, infinityNorm(x)) { break }
            }
            guard infinityNorm(stage.residual(at: x)) <= 1e-12 * max(1, infinityNorm(stage.residualScale(at: x))),
                  relativeDistance(x, previous) <= 0.05, let lu,
                  let rcond = try? lu.reciprocalConditionNumber(), rcond >= 1e-6 else { return nil }
            minimumRcond = min(minimumRcond, rcond)
            let s = determinantSign(lu)
            if let sign, sign != s { return nil }
            sign = s
        }
        return Result(point: x, minimumReciprocalCondition: minimumRcond)
    }
}
