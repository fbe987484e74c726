/// The type of a fixed point of a planar system from the exact signs of T = trace J,
/// D = det J and Δ = T² - 4D (proofs/two-dimensional.md eq. (4.12), MATH.md §4):
///     D < 0                      saddle
///     D = 0, or T = 0 and D > 0  non-hyperbolic
///     D > 0, T < 0               stable-node (Δ ≥ 0) or stable-focus (Δ < 0)
///     D > 0, T > 0               unstable-node (Δ ≥ 0) or unstable-focus (Δ < 0)
/// `nonDifferentiable` marks a fixed point on a kink of the rectified field, where no
/// Jacobian exists (its signs are then those of the y > 0 side).
public enum FixedPointClass: String, Sendable, Hashable, CaseIterable {
    case saddle
    case stableNode = "stable-node"
    case stableFocus = "stable-focus"
    case unstableNode = "unstable-node"
    case unstableFocus = "unstable-focus"
    case nonHyperbolic = "non-hyperbolic"
    case nonDifferentiable = "non-differentiable"

    /// The class of a hyperbolic or non-hyperbolic 2×2 Jacobian from sign(T), sign(D), sign(Δ).
    public init(traceSign: Int, determinantSign: Int, discriminantSign: Int) {
        if determinantSign < 0 { self = .saddle; return }
        if determinantSign == 0 || traceSign == 0 { self = .nonHyperbolic; return }
        if traceSign < 0 {
            self = discriminantSign >= 0 ? .stableNode : .stableFocus
        } else {
            self = discriminantSign >= 0 ? .unstableNode : .unstableFocus
        }
    }

    /// Both eigenvalues have negative real part (asymptotic stability of the linearization).
    public var isStable: Bool { self == .stableNode || self == .stableFocus }
}
