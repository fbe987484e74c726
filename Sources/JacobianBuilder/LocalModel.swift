import CircuitModel
import Symbolic

/// The right-hand side of one neuron pair (y_i, a_i) as symbolic expressions in local
/// symbols, proofs/jacobian.md eqs. (3.6)–(3.9):
///
///     F_y(y, a, u) = −y + d + (1 − √max(a, 0)) ρ(u)      u = (W_r φ(y))_i, the recurrent input
///     F_a(a, p)    = −a + c2 + p                          p = (W q(y, a))_i, the pool
///
/// with d = b_i z_i, c2 = (b0_i σ_i)² and, per variant (case-format.md),
///
/// | variant                | φ(y)      | ρ(u)      | q(y, a)              |
/// | `paper`                | y         | u         | max(a,0) y²          |
/// | `rectified`            | max(y,0)  | u         | max(a,0) max(y,0)²   |
/// | `rectified-recurrence` | y         | max(u,0)  | max(a,0) max(y,0)²   |
///
/// Everything that couples neurons is linear (u = W_r φ, p = W q), so the Jacobian is
/// assembled from these local expressions and the two weight matrices (eq. 3.10).
public struct LocalModel: Sendable {
    /// Names of the local symbols.
    public enum Symbol {
        public static let activity = "y"
        public static let modulator = "a"
        public static let recurrentInput = "u"
        public static let pool = "p"
        public static let drive = "d"
        public static let poolConstant = "c2"
        /// All of them, in the order of the compiled programs' environments.
        public static let all = [activity, modulator, recurrentInput, pool, drive, poolConstant]
    }

    public let variant: CircuitVariant
    /// F_y,i as a function of y, a, u, d (eq. 3.6).
    public let fieldY: Expression
    /// F_a,i as a function of a, p, c2 (eq. 3.7).
    public let fieldA: Expression
    /// φ(y), the signal neuron j sends through W_r (eq. 3.8).
    public let transfer: Expression
    /// q(y, a), the signal neuron j sends through W (eq. 3.9).
    public let normalizationDrive: Expression

    public init(variant: CircuitVariant) {
        let y = Expression.symbol(Symbol.activity), a = Expression.symbol(Symbol.modulator)
        let u = Expression.symbol(Symbol.recurrentInput), p = Expression.symbol(Symbol.pool)
        let d = Expression.symbol(Symbol.drive), c2 = Expression.symbol(Symbol.poolConstant)
        let recurrentDrive = variant == .rectifiedRecurrence ? ramp(u) : u
        self.variant = variant
        fieldY = -y + d + (Expression.one - sqrt(ramp(a))) * recurrentDrive
        fieldA = -a + c2 + p
        transfer = variant == .rectified ? ramp(y) : y
        let rectifiedActivity = variant == .paper ? y : ramp(y)
        normalizationDrive = ramp(a) * rectifiedActivity.raised(to: 2)
    }
}
