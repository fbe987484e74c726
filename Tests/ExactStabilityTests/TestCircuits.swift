import ExactArithmetic
import ExactStability
import Randomness
import Testing

/// Helpers shared by the ExactStability tests (never shipped).
enum TestCircuits {
    /// p/q exactly; records an issue (and returns 0) for q = 0, which the tests never ask.
    static func ratio(_ p: Rational, _ q: Rational) -> Rational {
        guard let value = p / q else { Issue.record("division by zero in a test"); return .zero }
        return value
    }

    static func r(_ p: Int, _ q: Int = 1) -> Rational { ratio(Rational(p), Rational(q)) }

    /// A paper circuit with b = 1, z = b z, b0 = c, σ = 1.
    static func circuit(_ variant: Circuit2D.Variant = .paper, wr: Rational, w: Rational, input: Rational, c: Rational,
                        tauY: Rational = r(1, 500), tauA: Rational = r(1, 500)) -> Circuit2D? {
        try? Circuit2D(variant: variant, recurrentWeight: wr, normalizationWeight: w, b: .one, z: input,
                       b0: c, sigma: .one, tauY: tauY, tauA: tauA)
    }
}

extension RandomNumberGenerator {
    /// (lower + k/denominator) for k uniform in 0...(upper - lower)·denominator.
    mutating func nextGridRational(_ lower: Int, _ upper: Int, denominator: Int) -> Rational {
        let k = nextIndex(below: (upper - lower) * denominator + 1)
        return TestCircuits.r(lower * denominator + k, denominator)
    }
}
