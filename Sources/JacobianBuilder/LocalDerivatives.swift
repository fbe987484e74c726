import CircuitModel
import Symbolic

/// The nine partial derivatives of the local model, taken symbolically once,
/// proofs/jacobian.md eqs. (3.11)–(3.13):
///
///     ∂F_y/∂y, ∂F_y/∂a, ∂F_y/∂u,   ∂F_a/∂y, ∂F_a/∂a, ∂F_a/∂p,   φ'(y), ∂q/∂y, ∂q/∂a
///
/// Each is exact where no rectifier argument (y, a or u) is 0; `Program` evaluates them
/// with H(0) = 0 and reports such kinks.
public struct LocalDerivatives: Sendable {
    public let dFieldYdActivity: Expression
    public let dFieldYdModulator: Expression
    public let dFieldYdRecurrentInput: Expression
    public let dFieldAdActivity: Expression
    public let dFieldAdModulator: Expression
    public let dFieldAdPool: Expression
    public let dTransferdActivity: Expression
    public let dDrivedActivity: Expression
    public let dDrivedModulator: Expression

    /// The derivatives of `model`, simplified under `assumptions` (none for evaluation;
    /// a > 0 for the printed blocks of proofs/jacobian.md).
    public init(of model: LocalModel, assuming assumptions: Assumptions = .none) {
        typealias S = LocalModel.Symbol
        func d(_ e: Expression, _ symbol: String) -> Expression {
            e.derivative(withRespectTo: symbol, assuming: assumptions)
        }
        dFieldYdActivity = d(model.fieldY, S.activity)
        dFieldYdModulator = d(model.fieldY, S.modulator)
        dFieldYdRecurrentInput = d(model.fieldY, S.recurrentInput)
        dFieldAdActivity = d(model.fieldA, S.activity)
        dFieldAdModulator = d(model.fieldA, S.modulator)
        dFieldAdPool = d(model.fieldA, S.pool)
        dTransferdActivity = d(model.transfer, S.activity)
        dDrivedActivity = d(model.normalizationDrive, S.activity)
        dDrivedModulator = d(model.normalizationDrive, S.modulator)
    }

    /// In the order of `JacobianBuilder`'s compiled program outputs (after F_y and F_a).
    var all: [Expression] {
        [dFieldYdActivity, dFieldYdModulator, dFieldYdRecurrentInput, dFieldAdActivity, dFieldAdModulator,
         dFieldAdPool, dTransferdActivity, dDrivedActivity, dDrivedModulator]
    }
}
