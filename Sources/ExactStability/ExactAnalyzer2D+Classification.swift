import ExactArithmetic

extension ExactAnalyzer2D {
    /// Exact signs, class and branch membership of one located fixed point.
    ///
    /// On the quartic the signs of T, D, Δ and g are those of N_T, N_D, N_Δ and g at the
    /// root s (eq. (4.7)), decided by the sign-at-root routine (eq. (4.11)); for rational s
    /// they are the signs of the rational scaled invariants (eq. (4.6)).
    /// N_T, N_D, N_Δ of one circuit, each built once on first use.
    struct InvariantPolynomials {
        let circuit: Circuit2D
        lazy var trace = circuit.traceNumerator
        lazy var determinant = circuit.determinantNumerator
        lazy var discriminant = circuit.discriminantNumerator(trace: trace, determinant: determinant)
        init(_ circuit: Circuit2D) { self.circuit = circuit }
    }

    static func classify(_ candidate: inout Candidate, _ circuit: Circuit2D, polynomials: inout InvariantPolynomials,
                         box: (y: RationalInterval, a: RationalInterval), digits: Int) -> ExactFixedPoint2D {
        var signs: (trace: Int, determinant: Int, discriminant: Int, g: Int)
        var yIsExactZero = false
        switch candidate.location {
        case .quarticRoot(var s, let input, let g):
            signs = (s.sign(of: polynomials.trace), s.sign(of: polynomials.determinant), 0, s.sign(of: g))
            // Δ = T² - 4D is > 0 when D < 0 and equals T² when D = 0: only D > 0 needs N_Δ.
            switch signs.determinant {
            case ..<0: signs.discriminant = 1
            case 0: signs.discriminant = signs.trace == 0 ? 0 : 1
            default: signs.discriminant = s.sign(of: polynomials.discriminant)
            }
            candidate.location = .quarticRoot(s: s, input: input, g: g)
        case .rationalS(let s, let y):
            let invariants = candidate.rationalInvariants ?? circuit.scaledInvariants(s: s, ySquared: .zero)
            signs = (invariants.trace.signum, invariants.determinant.signum, invariants.discriminant.signum,
                     circuit.gPolynomial.sign(at: s))
            yIsExactZero = y.exactValue == .zero
        }
        let classification = candidate.isDifferentiable
            ? FixedPointClass(traceSign: signs.trace, determinantSign: signs.determinant, discriminantSign: signs.discriminant)
            : .nonDifferentiable
        return ExactFixedPoint2D(
            location: candidate.location, yEnclosure: box.y, aEnclosure: box.a,
            yDecimal: box.y.midpoint.significantDecimalString(digits: digits),
            aDecimal: box.a.midpoint.significantDecimalString(digits: digits),
            traceSign: signs.trace, determinantSign: signs.determinant, discriminantSign: signs.discriminant,
            gSign: signs.g, isDifferentiable: candidate.isDifferentiable, classification: classification,
            isOnNormalizationBranch: onBranch(circuit, gSign: signs.g, yIsExactZero: yIsExactZero,
                                              isRectifiedNegative: candidate.isRectifiedNegative))
    }

    /// Branch membership (eq. (4.14)). Paper, w ≥ 0, w_r ≥ 0: exactly the fixed point with
    /// g > 0 (at most one exists, and it is the continuation from w_r = 1). Rectified:
    /// b z < 0 → the point y = b z; b z = 0 → the point y = 0 (both exist for every w_r);
    /// b z > 0 → as paper. `nil` where the branch is not characterized (w < 0 or w_r < 0).
    static func onBranch(_ circuit: Circuit2D, gSign: Int, yIsExactZero: Bool, isRectifiedNegative: Bool) -> Bool? {
        if circuit.variant == .rectified {
            if circuit.input.signum < 0 { return isRectifiedNegative }
            if circuit.input.isZero { return yIsExactZero }
        }
        guard TheoremConditions2D(circuit).hold else { return nil }
        return gSign > 0
    }
}
