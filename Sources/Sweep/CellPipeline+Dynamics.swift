import CircuitModel
import Dynamics

extension CellPipeline {
    /// Stage 3 with the project's `Dynamics`: `CircuitDynamics.classify(circuit:near:seed:)`
    /// — an error-controlled integration from a reproducible random start within 1e-3 of
    /// `state` (the unstable or last branch point), classified as `fixed-point` (settled and
    /// polished by Newton), `limit-cycle` (confirmed by return map and Floquet multipliers;
    /// period in seconds, the time unit of the flow), `diverging`, or `undecided` (budget of
    /// 2000 τ_max spent, or the integration failed).
    public static func dynamicsAttractor(_ circuit: Circuit, _ state: [Double], seed: UInt64) -> AttractorSummary {
        guard state.count == circuit.stateDimension,
              let result = try? CircuitDynamics.classify(circuit: circuit, near: CircuitState(flattened: state), seed: seed)
        else { return AttractorSummary(kind: "undecided") }
        switch result.kind {
        case .fixedPoint: return AttractorSummary(kind: "fixed-point")
        case .limitCycle: return AttractorSummary(kind: "limit-cycle", periodSeconds: result.limitCycle?.period)
        case .divergent: return AttractorSummary(kind: "diverging")
        case .undecided: return AttractorSummary(kind: "undecided")
        }
    }
}

extension CellPipeline {
    /// Stage 4 with the project's `Dynamics`: for each start S, `CircuitStart.state` (the
    /// random one seeded by `seed`), `AttractorClassifier` with default options (2000 τ_max
    /// budget) and the branch's certified region of attraction computed once
    /// (`CircuitDynamics.basin`), mapped to `AttractorOutcome` against the branch — exactly
    /// what `organics simulate CASE --from S --json` reports as `outcome`. A start that does
    /// not exist for the circuit (first-order for a rectified variant) is `not-simulated`.
    /// With `replay`, the literature's Euler replay from `starts[0]` follows, its fixed point
    /// polished by Newton to tell `branch` from `other-fixed-point`.
    public static func dynamicsOutcomes(_ circuit: Circuit, branch: [Double]?, starts: [CircuitStart], replay: Bool,
                                        seed: UInt64) -> [String] {
        let branchState = branch.flatMap { $0.count == circuit.stateDimension ? CircuitState(flattened: $0) : nil }
        let basins = branch.flatMap { CircuitDynamics.basin(of: circuit, at: $0) }.map { [$0] } ?? []
        var outcomes: [String] = []
        var firstStart: CircuitState?
        for (index, start) in starts.enumerated() {
            guard let state = try? start.state(for: circuit, branch: branchState, seed: seed).state else {
                outcomes.append(AttractorOutcome.notSimulated.rawValue)
                continue
            }
            if index == 0 { firstStart = state }
            guard let problem = try? CircuitDynamics.attractorProblem(circuit: circuit, from: state, reference: branchState,
                                                                      knownBasins: basins),
                  let result = try? AttractorClassifier().classify(problem) else {
                outcomes.append(AttractorOutcome.undecided.rawValue)
                continue
            }
            outcomes.append(AttractorOutcome(result, branch: branch).rawValue)
        }
        if replay {
            guard let start = firstStart else {
                outcomes.append(AttractorOutcome.notSimulated.rawValue)
                return outcomes
            }
            outcomes.append(literatureOutcome(circuit, from: start, branch: branch).rawValue)
        }
        return outcomes
    }

    /// The literature's verdict from `start` (`LiteratureEulerReplay`) as an `AttractorOutcome`.
    public static func literatureOutcome(_ circuit: Circuit, from start: CircuitState, branch: [Double]?) -> AttractorOutcome {
        let verdict = LiteratureEulerReplay().replay(
            vectorField: CircuitDynamics.vectorField(of: circuit), start: start.flattened, yCount: circuit.neuronCount,
            fastestTimeScale: min(circuit.tauY.min() ?? 0, circuit.tauA.min() ?? 0),
            slowestTimeScale: circuit.slowestTimeConstant)
        switch verdict.kind {
        case .divergent: return .diverging
        case .limitCycle: return .limitCycle
        case .undecided: return .undecided
        case .fixedPoint:
            guard let branch, let polished = FixedPointPolish.standard.polished(circuit: circuit, state: verdict.finalState)
            else { return .otherFixedPoint }
            return AttractorOutcome.isBranch(polished, branch: branch) ? .branch : .otherFixedPoint
        }
    }
}
