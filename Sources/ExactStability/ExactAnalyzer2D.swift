import ExactArithmetic

/// Every fixed point of the 2D circuit, found and classified exactly
/// (proofs/two-dimensional.md §4.1–§4.4). No floating point is used.
///
/// Case split on b z (eq. (4.2): y g = b z, s² (1 - w y²) = c², s = √a > 0):
/// * b z ≠ 0: s is a positive root of P (eq. (4.4)) other than the root of g; y = b z / g(s).
///   Rectified: only roots with y > 0, plus y = b z, s = c when b z < 0.
/// * b z = 0: y = 0, s = c; and, where g has a positive root s₀, the points s = s₀,
///   y² = (1 - c²/s₀²)/w (w ≠ 0; rectified: y > 0 only). For w = 0 and s₀ = c every
///   (y, s₀) is a fixed point: a continuum, reported as non-isolated.
public enum ExactAnalyzer2D {
    public static func analyze(_ circuit: Circuit2D, options: ExactAnalysisOptions = ExactAnalysisOptions()) -> ExactAnalysis2D {
        guard var candidates = candidates(circuit) else {
            return ExactAnalysis2D(circuit: circuit, fixedPoints: [], isNonIsolated: true,
                                   theorem: TheoremVerdict2D(circuit, fixedPoints: [], isNonIsolated: true))
        }
        // Distinct fixed points have distinct y (y determines g, hence s, when b z ≠ 0;
        // the b z = 0 points differ in y by construction): refine until the y enclosures
        // are disjoint, then sort.
        var width = options.enclosureWidth
        var boxes = [(y: RationalInterval, a: RationalInterval)]()
        while true {
            boxes = candidates.indices.map { candidates[$0].location.enclosures(width: width) }
            let lowers = boxes.map(\.y).sorted { $0.lower < $1.lower }
            if zip(lowers, lowers.dropFirst()).allSatisfy({ $0.upper < $1.lower }) { break }
            width = (width / 16) ?? width
        }
        var points = [ExactFixedPoint2D]()
        var polynomials = InvariantPolynomials(circuit)
        for index in candidates.indices {
            // K significant digits (not K places): refine until each enclosure is a point or
            // excludes 0 with width ≤ 10^-K of its smallest magnitude.
            var box = boxes[index]
            var refined = width
            for _ in 0..<400 where !(box.y.carriesSignificantDigits(options.digits) && box.a.carriesSignificantDigits(options.digits)) {
                refined = (refined / 16) ?? refined
                box = candidates[index].location.enclosures(width: refined)
            }
            points.append(classify(&candidates[index], circuit, polynomials: &polynomials, box: box, digits: options.digits))
        }
        points.sort { $0.yEnclosure.upper < $1.yEnclosure.lower }
        return ExactAnalysis2D(circuit: circuit, fixedPoints: points, isNonIsolated: false,
                               theorem: TheoremVerdict2D(circuit, fixedPoints: points, isNonIsolated: false))
    }

    /// A located fixed point and, for a rational s, its scaled invariants (eq. (4.6)).
    struct Candidate {
        var location: FixedPointLocation2D
        /// Positive multiples of (T, D, Δ) when s is rational; `nil` on the quartic.
        var rationalInvariants: (trace: Rational, determinant: Rational, discriminant: Rational)?
        var isDifferentiable = true
        /// Rectified y < 0 point: r and q vanish nearby.
        var isRectifiedNegative = false
    }

    /// The fixed points as candidates; `nil` for a continuum.
    static func candidates(_ circuit: Circuit2D) -> [Candidate]? {
        let input = circuit.input
        let rectified = circuit.variant == .rectified
        if !input.isZero {
            var result = [Candidate]()
            var quartic = circuit.fixedPointQuartic.removingRoot(.zero)
            if let s0 = circuit.gRoot { quartic = quartic.removingRoot(s0) }
            let g = circuit.gPolynomial
            for var s in RealRootIsolation.positiveRoots(of: quartic) {
                if rectified, s.sign(of: g) != input.signum { continue }  // keep y = bz/g > 0
                result.append(Candidate(location: .quarticRoot(s: s, input: input, g: g), rationalInvariants: nil))
            }
            if rectified, input.signum < 0 {
                // Jacobian diag(-1/τ_y, -1/τ_a): τ_yτ_a T = -(τ_a + τ_y), τ_yτ_a D = 1.
                let trace = -(circuit.tauA + circuit.tauY)
                let scale: Rational = 4 * circuit.tauY * circuit.tauA
                let discriminant = trace * trace - scale
                result.append(Candidate(location: .rationalS(s: circuit.c, y: RealAlgebraicNumber(input)),
                                        rationalInvariants: (trace, .one, discriminant), isRectifiedNegative: true))
            }
            return result
        }
        let c = circuit.c
        let gAtC = circuit.gPolynomial.evaluated(at: c)
        var result = [Candidate(location: .rationalS(s: c, y: RealAlgebraicNumber(.zero)),
                                rationalInvariants: circuit.scaledInvariants(s: c, ySquared: .zero),
                                isDifferentiable: !rectified || gAtC == .one)]
        guard let s0 = circuit.gRoot, s0.signum > 0 else { return result }
        guard let ratio = circuit.cSquared / (s0 * s0) else { return result }
        let wYSquared = .one - ratio
        guard let ySquared = wYSquared / circuit.normalizationWeight else {
            return wYSquared.isZero ? nil : result  // w = 0: continuum iff s₀ = c
        }
        guard ySquared.signum > 0 else { return result }
        let invariants = circuit.scaledInvariants(s: s0, ySquared: ySquared)
        let quadratic = Polynomial(coefficients: [-ySquared, .zero, .one])
        for var y in RealRootIsolation.realRoots(of: quadratic) ?? [] {
            if rectified, y.sign(of: .x) < 0 { continue }  // rectified: y > 0 only
            result.append(Candidate(location: .rationalS(s: s0, y: y), rationalInvariants: invariants))
        }
        return result
    }
}

extension RationalInterval {
    /// A point, or an interval excluding 0 whose width is at most 10^-K of min(|lower|, |upper|):
    /// every number in it agrees with its midpoint to about K significant digits.
    func carriesSignificantDigits(_ digits: Int) -> Bool {
        if lower == upper { return true }
        guard lower.signum == upper.signum, lower.signum != 0, let scale = Rational(10).power(digits) else { return false }
        return width * scale <= Swift.min(lower.magnitude, upper.magnitude)
    }
}
