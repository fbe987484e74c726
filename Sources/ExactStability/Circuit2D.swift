import ExactArithmetic

/// The two-dimensional ORGaNICs circuit (n = 1) with exact rational parameters
/// (shared/case-format.md; proofs/two-dimensional.md eqs. (4.1)–(4.2)):
///     τ_y dy/dt = -y + b z + (1 - √a⁺) r,      τ_a da/dt = -a + c² + w q,
/// with c² = (b0 σ)², and per variant
///     paper:      r = w_r y,        q = a⁺ y²
///     rectified:  r = w_r max(y,0), q = a⁺ max(y,0)².
public struct Circuit2D: Sendable, Hashable {
    /// Which nonlinearity the recurrent and normalization drives use.
    public enum Variant: String, Sendable, Hashable, CaseIterable {
        case paper
        case rectified
    }

    public let variant: Variant
    /// Recurrent weight w_r (any sign).
    public let recurrentWeight: Rational
    /// Normalization weight w (any sign; the theorem needs w ≥ 0).
    public let normalizationWeight: Rational
    /// Input gain b and input drive z; only the product b z enters the dynamics.
    public let b: Rational
    public let z: Rational
    /// Normalization gain b0 and semi-saturation σ; only c² = (b0 σ)² enters.
    public let b0: Rational
    public let sigma: Rational
    /// Time constants τ_y, τ_a > 0 (seconds).
    public let tauY: Rational
    public let tauA: Rational

    /// Validates and stores the parameters. Throws when the question is meaningless:
    /// a time constant ≤ 0 or c² = (b0 σ)² = 0 (the normalization pool would vanish).
    public init(variant: Variant = .paper, recurrentWeight: Rational, normalizationWeight: Rational,
                b: Rational, z: Rational, b0: Rational, sigma: Rational,
                tauY: Rational, tauA: Rational) throws(Circuit2DError) {
        guard tauY.signum > 0 else { throw .nonPositiveTimeConstant(key: "tau_y", value: tauY) }
        guard tauA.signum > 0 else { throw .nonPositiveTimeConstant(key: "tau_a", value: tauA) }
        guard !(b0 * sigma).isZero else { throw .vanishingNormalizationPool(b0: b0, sigma: sigma) }
        self.variant = variant
        self.recurrentWeight = recurrentWeight
        self.normalizationWeight = normalizationWeight
        self.b = b
        self.z = z
        self.b0 = b0
        self.sigma = sigma
        self.tauY = tauY
        self.tauA = tauA
    }

    /// The input b z.
    public var input: Rational { b * z }
    /// c = |b0 σ| > 0, rational: the fixed point with y = 0 has √a = c.
    public var c: Rational { (b0 * sigma).magnitude }
    /// c² = (b0 σ)² > 0.
    public var cSquared: Rational { c * c }

    /// The same circuit with other values for some parameters (used by grid maps).
    public func with(recurrentWeight: Rational? = nil, normalizationWeight: Rational? = nil,
                     b: Rational? = nil, z: Rational? = nil, b0: Rational? = nil, sigma: Rational? = nil,
                     tauY: Rational? = nil, tauA: Rational? = nil) throws(Circuit2DError) -> Circuit2D {
        try Circuit2D(variant: variant, recurrentWeight: recurrentWeight ?? self.recurrentWeight,
                      normalizationWeight: normalizationWeight ?? self.normalizationWeight,
                      b: b ?? self.b, z: z ?? self.z, b0: b0 ?? self.b0, sigma: sigma ?? self.sigma,
                      tauY: tauY ?? self.tauY, tauA: tauA ?? self.tauA)
    }
}

/// Why a set of parameters does not define a 2D circuit; the description names the key.
public enum Circuit2DError: Error, Equatable, CustomStringConvertible {
    case nonPositiveTimeConstant(key: String, value: Rational)
    case vanishingNormalizationPool(b0: Rational, sigma: Rational)

    public var description: String {
        switch self {
        case let .nonPositiveTimeConstant(key, value):
            return "\(key) must be > 0, found \(value)"
        case let .vanishingNormalizationPool(b0, sigma):
            return "(b0·sigma)^2 must be > 0 (the normalization pool would vanish), found b0 = \(b0), sigma = \(sigma)"
        }
    }
}
