import CircuitModel
import Dynamics
import Randomness

/// `solve --inputs --simulate START`: where each input's circuit goes from a start state.
///   closed-form  a = c² + W (b∘z)², y = b∘z/√a (the normalization equation with W_r replaced by I)
///   random       the input's branch fixed point (the closed form if the branch folds) perturbed as
///                `simulate --from random` (spread 0.1), xoshiro256** seeded by
///                SplitMix64.derivedSeed(master: --seed, index: input index)
/// The flow is classified as by `organics simulate` (fixed point, limit cycle, divergent, undecided;
/// budget 2000 τ_max); "sim_distance_to_branch" is ‖x_settled − x_branch‖∞ when both exist.
struct SimulationStart: Sendable {
    let random: Bool
    let seed: UInt64

    init?(name: String, seed: UInt64?) {
        switch name {
        case "closed-form": random = false
        case "random": random = true
        default: return nil
        }
        self.seed = seed ?? 0
    }
}

struct SimulationOutcome: Sendable {
    /// Why there is no classification.
    enum Failure: String, Error, Sendable {
        /// The closed form is undefined (some c_i² + (W (b∘z)²)_i ≤ 0).
        case noStart = "no-start"
        /// The integration refused the problem (`ODEError`).
        case error
    }

    let result: Result<AttractorClassification, Failure>

    /// "fixed-point", "limit-cycle", "divergent", "undecided", or the failure's word.
    var kind: String {
        switch result {
        case .success(let classification): return classification.kind.rawValue
        case .failure(let failure): return failure.rawValue
        }
    }
    var finalTime: Double { (try? result.get())?.finalTime ?? 0 }
    var distanceToBranch: Double? { (try? result.get())?.fixedPoint?.distanceToReference }
    /// The settled fixed point's verdict word, or "none".
    var verdict: String { (try? result.get())?.fixedPoint?.verdict?.rawValue ?? "none" }

    init(circuit: Circuit, start: SimulationStart, index: Int, branch: CircuitState?) {
        guard let closedForm = try? CircuitDynamics.normalizationStart(of: circuit) else {
            result = .failure(.noStart)
            return
        }
        var initial = closedForm
        if start.random {
            var generator = Xoshiro256StarStar(seed: SplitMix64.derivedSeed(master: start.seed, index: UInt64(index)))
            initial = CircuitDynamics.randomStart(near: branch ?? closedForm, using: &generator)
        }
        do {
            let problem = try CircuitDynamics.attractorProblem(circuit: circuit, from: initial, reference: branch)
            result = .success(try AttractorClassifier(AttractorOptions()).classify(problem))
        } catch {
            result = .failure(.error)
        }
    }
}
