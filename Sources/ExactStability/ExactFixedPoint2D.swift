import ExactArithmetic

/// One fixed point of the 2D circuit, decided exactly (proofs/two-dimensional.md §4).
///
/// The enclosures contain the exact y and a; each decimal is the midpoint of its enclosure
/// rounded to the requested number of digits K, and the enclosure is at most 10^-K wide,
/// so |decimal - exact value| ≤ 10^-K. The signs are exact (no floating point).
public struct ExactFixedPoint2D: Sendable {
    /// The exact location (refinable further).
    public let location: FixedPointLocation2D
    public let yEnclosure: RationalInterval
    public let aEnclosure: RationalInterval
    public let yDecimal: String
    public let aDecimal: String
    /// sign of trace J, det J, and T² - 4 det J (eq. (4.6)–(4.7)).
    public let traceSign: Int
    public let determinantSign: Int
    public let discriminantSign: Int
    /// sign of g = 1 - w_r + w_r √a (eq. (4.3)); "g > 0" is the theorem's condition.
    public let gSign: Int
    /// False on a kink of the rectified field (y = 0 with w_r (1 - √a) ≠ 0); the signs
    /// are then those of the y > 0 side.
    public let isDifferentiable: Bool
    public let classification: FixedPointClass
    /// Whether this is the normalization-branch fixed point (eq. (4.14)); `nil` when the
    /// branch is not characterized for these parameters (w_r < 0 or w < 0).
    public let isOnNormalizationBranch: Bool?
}

extension ExactFixedPoint2D {
    /// The theorem's condition "g > 0 at this fixed point", i.e. √a > 1 - 1/w_r for
    /// w_r > 0 (always true for 0 ≤ w_r ≤ 1), decided exactly (Theorem 4.13).
    public var hasPositiveG: Bool { gSign > 0 }
}

/// All fixed points of one circuit, sorted by y ascending, or the statement that the fixed
/// points form a continuum (then `fixedPoints` is empty: none of them is isolated).
public struct ExactAnalysis2D: Sendable {
    public let circuit: Circuit2D
    public let fixedPoints: [ExactFixedPoint2D]
    public let isNonIsolated: Bool
    public let theorem: TheoremVerdict2D

    /// The number of fixed points whose class is stable-node or stable-focus.
    public var stableCount: Int { fixedPoints.filter(\.classification.isStable).count }
}

/// How many digits the decimals carry (K ≥ 0; enclosures are refined to width 10^-K).
public struct ExactAnalysisOptions: Sendable, Hashable {
    public let digits: Int

    public init(digits: Int = 12) {
        self.digits = max(0, digits)
    }

    /// 10^-K.
    public var enclosureWidth: Rational {
        Rational(10).power(-digits) ?? .one
    }
}
