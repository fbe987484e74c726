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
    let kind: String
    let finalTime: Double
    let distanceToBranch: Double?
    /// The settled fixed point's verdict, or "none".
    let verdict: String

    init(circuit: Circuit, start: SimulationStart, index: Int, branch: CircuitState?) {
        guard let closedForm = try? CircuitDynamics.normalizationStart(of: circuit) else {
            kind = "no-start"; finalTime = 0; distanceToBranch = nil; verdict = "none"
            return
        }
        var initial = closedForm
        if start.random {
            var generator = Xoshiro256StarStar(seed: SplitMix64.derivedSeed(master: start.seed, index: UInt64(index)))
            initial = CircuitDynamics.randomStart(near: branch ?? closedForm, using: &generator)
        }
        do {
            let problem = try CircuitDynamics.attractorProblem(circuit: circuit, from: initial, reference: branch)
            let result = try AttractorClassifier(AttractorOptions()).classify(problem)
            kind = result.kind.rawValue
            finalTime = result.finalTime
            distanceToBranch = result.fixedPoint?.distanceToReference
            verdict = result.fixedPoint?.verdict?.rawValue ?? "none"
        } catch {
            kind = "error"; finalTime = 0; distanceToBranch = nil; verdict = "none"
        }
    }
}
