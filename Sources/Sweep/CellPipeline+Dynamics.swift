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
