import CircuitModel
import LinearAlgebra
import Symbolic

/// The symbolic-numeric Jacobian of an ORGaNICs circuit, proofs/jacobian.md §3.2:
///
///     DF = [ diag(∂F_y/∂y) + diag(∂F_y/∂u) W_r diag(φ')     diag(∂F_y/∂a)                       ]
///          [ diag(∂F_a/∂y) + diag(∂F_a/∂p) W diag(∂q/∂y)    diag(∂F_a/∂a) + diag(∂F_a/∂p) W diag(∂q/∂a) ]
///
/// (eq. 3.10), J_flow = diag(1/τ) DF (eq. 3.14). The local partials (`LocalDerivatives`)
/// are differentiated symbolically once per variant in `init` and compiled into one
/// `Program` each; a Jacobian then costs n program runs, two products W_r φ and W q, and
/// O(n²) assembly — no symbolic work per entry. Make one builder and reuse it.
/// - Complexity: O(n²) time and memory for every weight kind (the result is dense).
public struct JacobianBuilder: Sendable {
    /// Per variant: the model, its derivatives and the compiled programs.
    struct CompiledVariant: Sendable {
        let model: LocalModel
        let derivatives: LocalDerivatives
        /// Outputs φ(y), q(y, a) from (y, a, …).
        let signals: Program
        /// Outputs F_y, F_a and the nine partials, from `LocalModel.Symbol.all`.
        let partials: Program
        /// For each of `partials.rectifierArguments`, the kink location it stands for.
        let kinkLocations: [JacobianKink.Location?]
    }

    let compiled: [CircuitVariant: CompiledVariant]

    /// Differentiates and compiles the local model of every variant.
    public init() {
        var compiled: [CircuitVariant: CompiledVariant] = [:]
        for variant in CircuitVariant.allCases {
            compiled[variant] = JacobianBuilder.compile(variant)
        }
        self.compiled = compiled
    }

    /// The local model and its symbolic partials for `variant`.
    public func localDerivatives(for variant: CircuitVariant) -> LocalDerivatives {
        JacobianBuilder.compiledVariant(variant, in: compiled).derivatives
    }

    private static func compile(_ variant: CircuitVariant) -> CompiledVariant {
        let model = LocalModel(variant: variant)
        let derivatives = LocalDerivatives(of: model)
        do {
            let symbols = LocalModel.Symbol.all
            let signals = try Program([model.transfer, model.normalizationDrive], variables: symbols)
            let partials = try Program([model.fieldY, model.fieldA] + derivatives.all, variables: symbols)
            let locations = partials.rectifierArguments.map { argument -> JacobianKink.Location? in
                switch argument {
                case .symbol(LocalModel.Symbol.activity): return .activity
                case .symbol(LocalModel.Symbol.modulator): return .modulator
                case .symbol(LocalModel.Symbol.recurrentInput): return .recurrentInput
                default: return nil
                }
            }
            return CompiledVariant(model: model, derivatives: derivatives, signals: signals, partials: partials,
                                   kinkLocations: locations)
        } catch {
            // Our own invariant, not reachable from input: the model uses only Symbol.all.
            preconditionFailure("JacobianBuilder: cannot compile the \(variant.rawValue) model: \(error)")
        }
    }

    static func compiledVariant(_ variant: CircuitVariant,
                                in table: [CircuitVariant: CompiledVariant]) -> CompiledVariant {
        guard let entry = table[variant] else {
            preconditionFailure("JacobianBuilder: every variant is compiled in init")
        }
        return entry
    }
}
