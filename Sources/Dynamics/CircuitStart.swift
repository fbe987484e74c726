import CircuitModel
import Randomness

/// The named start states of a simulation (`organics simulate --from`, the sweep's `starts`):
///
/// - `closed-form`: the normalization fixed point of the circuit with W_r replaced by I,
///   a = c² + W (b∘z)², y = b∘z/√a (proofs/model.md eqs. 1.4–1.6): the literature's "norm" start;
/// - `first-order`: the closed form plus its first-order correction in K = W_r − I
///   (`FirstOrderPerturbation`, proofs/model.md eqs. 1.7–1.8): the literature's "first_order" start;
/// - `zero`: y = 0, a = 0;
/// - `branch`: the normalization-branch fixed point (the closed form when the branch does not
///   reach W_r, flagged by `StartState.usedClosedFormForLostBranch`);
/// - `random`: `CircuitDynamics.randomStart` near the `branch` start (spread 0.1), xoshiro256**
///   seeded by the given seed.
public enum CircuitStart: String, Sendable, CaseIterable, Equatable {
    case closedForm = "closed-form"
    case firstOrder = "first-order"
    case zero
    case branch
    case random

    /// `normalization`, the old name of `branch` (deprecated; the CLI warns).
    public static let deprecatedAliases: [String: CircuitStart] = ["normalization": .branch]

    /// The name with `-` written `_` (a CSV column suffix: `from_closed_form`).
    public var columnSuffix: String { rawValue.replacingOccurrences(of: "-", with: "_") }

    /// Why a start cannot be built.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case closedForm(NormalizationFixedPoint.Inapplicable)
        case firstOrder(FirstOrderPerturbation.Inapplicable)

        public var description: String {
            switch self {
            case .closedForm(let reason): return "the closed-form start does not exist: \(reason)"
            case .firstOrder(let reason): return "the first-order start does not exist: \(reason)"
            }
        }
    }

    /// The start state and whether `branch` fell back to the closed form.
    public struct StartState: Sendable, Equatable {
        public let state: CircuitState
        public let usedClosedFormForLostBranch: Bool
    }

    /// The state for `circuit`; `branch` is the branch fixed point (nil when it was lost),
    /// `seed` the random start's seed.
    public func state(for circuit: Circuit, branch: CircuitState?, seed: UInt64 = 0) throws(Failure) -> StartState {
        switch self {
        case .closedForm:
            do { return StartState(state: try NormalizationFixedPoint.stateIgnoringRecurrence(for: circuit),
                                   usedClosedFormForLostBranch: false) } catch { throw .closedForm(error) }
        case .firstOrder:
            do { return StartState(state: try FirstOrderPerturbation.predictedState(for: circuit),
                                   usedClosedFormForLostBranch: false) } catch { throw .firstOrder(error) }
        case .zero:
            let zeros = [Double](repeating: 0, count: circuit.neuronCount)
            return StartState(state: CircuitState(y: zeros, a: zeros), usedClosedFormForLostBranch: false)
        case .branch, .random:
            var center = branch
            var fellBack = false
            if center == nil {
                do { center = try NormalizationFixedPoint.stateIgnoringRecurrence(for: circuit) } catch {
                    throw .closedForm(error)
                }
                fellBack = true
            }
            guard let center else { throw .closedForm(.recurrentWeightsNotIdentity) }
            if self == .branch { return StartState(state: center, usedClosedFormForLostBranch: fellBack) }
            var generator = Xoshiro256StarStar(seed: seed)
            return StartState(state: CircuitDynamics.randomStart(near: center, using: &generator),
                              usedClosedFormForLostBranch: fellBack)
        }
    }
}
