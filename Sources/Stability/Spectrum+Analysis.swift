import ComplexModule
import LinearAlgebra
import RealModule

extension Spectrum {
    /// Computes and classifies the spectrum of a flow Jacobian J (m × m)
    /// (proofs/theorem1.md, eq. 5.9 and §5.9a).
    ///
    /// With η = c·m·ε·‖J_b‖_F (`SpectrumOptions`; J_b = D⁻¹JD balanced, or J) and a band
    /// radius d_k per eigenvalue:
    ///
    ///     stable     ⇔ max_k (Re λ_k + d_k) < 0
    ///     unstable   ⇔ max_k (Re λ_k − d_k) > 0
    ///     undecided  otherwise
    ///
    /// Default (`conditionNumbers: true`): the eigenvalues come from the real Schur form of J_b
    /// (dgees), κ_k = 1/s_k from dtrevc + dtrsna, and
    ///  * d_k = κ_k η when λ_k is isolated: no other λ_j with |λ_k − λ_j| ≤ 4 min(κ_k, κ_j)η
    ///    (`VerdictRule.firstOrderBand`). This is the first-order shift of a simple eigenvalue;
    ///    its remainder is O(κ²η²/gap), negligible only while κη ≪ gap;
    ///  * otherwise λ_k belongs to a cluster C (connected components of that relation), whose
    ///    members are not resolved individually: d_k = max_{j∈C} (|λ_j − λ_k| + 2κ_j η), the
    ///    hull of the members' doubled first-order discs (`clusterBand`); when that band
    ///    reaches 0, the cluster is judged instead by the condition number of its average
    ///    (dtrsen, s_C): d_k = max_{j∈C}|λ_j − λ_k| + 2η/s_C, because the individual κ_j of a
    ///    (nearly) multiple eigenvalue depend on an arbitrary choice of eigenvectors. A near-defective
    ///    pair shows up here with a large κ (κ ≈ ‖coupling‖/gap), so κη already reaches the
    ///    √η scale of its true sensitivity once the gap is below it;
    ///  * the deciding eigenvalues (largest Re λ_k + d_k, largest Re λ_k − d_k) are also
    ///    checked against dtrsna's sep_k (an estimate of the distance to the rest of the
    ///    spectrum in the non-normal sense): κ_k η > sep_k/4 marks λ_k near-defective and
    ///    widens its band to at least √((2‖J_b‖_F + η) η), the Elsner-type radius for a
    ///    2-fold defective eigenvalue (`clusterBand`).
    /// `rule` reports the deciding eigenvalue's band. The first-order rule is a sound
    /// asymptotic estimate, not a proof; the proof is `LyapunovCertificate`.
    ///
    /// `conditionNumbers: false`: dgeev eigenvalues and d_k = η (`unitConditionBand`).
    /// - Throws: `StabilityError` for an empty, non-square or non-finite J, or a LAPACK failure.
    /// - Complexity: ≈ 10 m³ (dgees, no vectors) + ≈ m³ (dtrevc) + O(m³) per sep; ≈ 10 m³
    ///   without condition numbers.
    public init(jacobian: ColumnMajorMatrix, options: SpectrumOptions = SpectrumOptions()) throws(StabilityError) {
        try validateJacobian(jacobian)
        let m = jacobian.rows
        var matrix = jacobian
        if options.balance {
            let balancing = DiagonalBalancing(jacobian)
            if balancing.balanced.isFinite { matrix = balancing.balanced }
        }
        let balancedNorm = matrix.frobeniusNorm
        let eta = options.backwardErrorFactor * Double(m) * Double.ulpOfOne * balancedNorm
        var unsorted: [Complex<Double>]
        var kappas: [Double]? = nil
        var radii: [Double]
        var clustered: [Bool]
        if options.conditionNumbers {
            let schur = try lapack { () throws(LinearAlgebraError) in try RealSchurDecomposition(matrix, computeVectors: false) }
            unsorted = schur.eigenvalues
            let s = try lapack { () throws(LinearAlgebraError) in
                try EigenvalueConditioning(schurForm: schur.schurForm).reciprocalConditionNumbers
            }
            let k = s.map { $0 > 0 ? max(1, 1 / $0) : Double.infinity }
            kappas = k
            let firstOrder = k.map { $0 * eta }
            let components = Spectrum.clusters(unsorted, firstOrderRadii: firstOrder)
            clustered = (0..<m).map { components[$0].count > 1 }
            radii = (0..<m).map { k in
                components[k].count > 1 ? Spectrum.clusterRadius(of: k, members: components[k], eigenvalues: unsorted, firstOrder: firstOrder)
                                        : firstOrder[k]
            }
            // A cluster whose band would reach 0 is judged by the condition number of its
            // average (dtrsen), not by its members' individual κ, which are arbitrary for a
            // (nearly) multiple eigenvalue: d = diameter-to-member + 2η/s_C.
            var judged = Set<Int>()
            for k in 0..<m where clustered[k] && unsorted[k].real + radii[k] >= 0 && !judged.contains(k) {
                let members = components[k]
                judged.formUnion(members)
                let sC = try lapack { () throws(LinearAlgebraError) in
                    try EigenvalueConditioning.clusterReciprocalCondition(schurForm: schur.schurForm, positions: members)
                }
                guard sC > 0 else { continue }
                for i in members {
                    let spread = members.map { (unsorted[$0] - unsorted[i]).length }.max() ?? 0
                    radii[i] = min(radii[i], spread + 2 * eta / sC)
                }
            }
            // The deciding eigenvalues must also be separated in the non-normal sense (sep).
            let candidates = Spectrum.decidingPositions(unsorted, radii: radii)
            if !candidates.isEmpty {
                let separations = try lapack { () throws(LinearAlgebraError) in
                    try EigenvalueConditioning.separations(schurForm: schur.schurForm, positions: candidates)
                }
                let squareRootRadius = ((2 * balancedNorm + eta) * eta).squareRoot()
                for (position, sep) in separations where !(firstOrder[position] <= sep / 4) {
                    clustered[position] = true
                    radii[position] = max(radii[position], squareRootRadius)
                }
            }
        } else {
            unsorted = try lapack { () throws(LinearAlgebraError) in try Eigendecomposition(matrix).eigenvalues }
            radii = Array(repeating: eta, count: m)
            clustered = Array(repeating: false, count: m)
        }
        let order = (0..<m).sorted { i, j in
            let (a, b) = (unsorted[i], unsorted[j])
            return a.real != b.real ? a.real > b.real : a.imaginary > b.imaginary
        }
        let sorted = order.map { unsorted[$0] }
        let sortedRadii = order.map { radii[$0] }
        let alpha = sorted[0].real
        let leadingImaginary = sorted.filter { $0.real == alpha }.map { abs($0.imaginary) }.max() ?? 0

        var upper = -Double.infinity, lower = -Double.infinity
        var upperIndex = 0, lowerIndex = 0
        for k in 0..<m {
            if sorted[k].real + sortedRadii[k] > upper { upper = sorted[k].real + sortedRadii[k]; upperIndex = k }
            if sorted[k].real - sortedRadii[k] > lower { lower = sorted[k].real - sortedRadii[k]; lowerIndex = k }
        }
        let verdict: StabilityVerdict = upper < 0 ? .stable : (lower > 0 ? .unstable : .undecided)
        let deciding = verdict == .unstable ? lowerIndex : upperIndex

        self.eigenvalues = sorted
        self.conditionNumbers = kappas.map { values in order.map { values[$0] } }
        self.spectralAbscissa = alpha
        self.leadingFrequency = leadingImaginary / (2 * Double.pi)
        self.slowestTimeConstant = alpha < 0 ? -1 / alpha : nil
        self.jacobianNorm = jacobian.frobeniusNorm
        self.balancedNorm = balancedNorm
        self.backwardError = eta
        self.undecidedBound = sortedRadii[0]
        self.bandRadii = sortedRadii
        self.decidingIndex = deciding
        self.rule = !options.conditionNumbers ? .unitConditionBand
            : (clustered[order[deciding]] ? .clusterBand : .firstOrderBand)
        self.verdict = verdict
        self.options = options
    }

    /// The band of eigenvalue k in a cluster: the hull of the doubled first-order discs of
    /// its members, max_{j ∈ C} (|λ_j − λ_k| + 2 κ_j η) — members of a cluster are not
    /// resolved individually, and the factor 2 leaves room for the second-order remainder.
    static func clusterRadius(of k: Int, members: [Int], eigenvalues: [Complex<Double>], firstOrder: [Double]) -> Double {
        members.map { (eigenvalues[$0] - eigenvalues[k]).length + 2 * firstOrder[$0] }.max() ?? firstOrder[k]
    }

    /// The members of each eigenvalue's connected component of "|λ_i − λ_j| ≤ 4 min(d_i, d_j)"
    /// — each within the other's doubled first-order disc, and twice that — (union–find, O(m²)).
    /// The min keeps one eigenvalue with a huge κ (a member of a multiple eigenvalue, whose
    /// individual κ is arbitrary) from swallowing well-conditioned eigenvalues far away.
    static func clusters(_ eigenvalues: [Complex<Double>], firstOrderRadii d: [Double]) -> [[Int]] {
        let m = eigenvalues.count
        var parent = Array(0..<m)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }
            return i
        }
        for i in 0..<m {
            for j in (i + 1)..<max(i + 1, m) where !((eigenvalues[i] - eigenvalues[j]).length > 4 * min(d[i], d[j])) {
                let (a, b) = (root(i), root(j))
                if a != b { parent[a] = b }
            }
        }
        var members = [Int: [Int]]()
        for i in 0..<m { members[root(i), default: []].append(i) }
        return (0..<m).map { members[root($0)] ?? [$0] }
    }

    /// The positions attaining max (Re λ + d) and max (Re λ − d), with their conjugates.
    static func decidingPositions(_ eigenvalues: [Complex<Double>], radii: [Double]) -> [Int] {
        let m = eigenvalues.count
        guard m > 0 else { return [] }
        let upper = (0..<m).max { eigenvalues[$0].real + radii[$0] < eigenvalues[$1].real + radii[$1] } ?? 0
        let lower = (0..<m).max { eigenvalues[$0].real - radii[$0] < eigenvalues[$1].real - radii[$1] } ?? 0
        return Array(Set([upper, lower]))
    }

    /// κ(λ) = ‖u‖‖v‖/|uᴴv| for a left eigenvector u (uᴴJ = λuᴴ) and right eigenvector v
    /// (Jv = λv); dgeev returns unit vectors, the norms are kept for safety. +∞ when uᴴv = 0.
    static func conditionNumber(left u: [Complex<Double>], right v: [Complex<Double>]) -> Double {
        var dot = Complex<Double>.zero
        var uu = 0.0, vv = 0.0
        for i in u.indices {
            dot += u[i].conjugate * v[i]
            uu += u[i].lengthSquared
            vv += v[i].lengthSquared
        }
        let denominator = dot.length
        guard denominator > 0 else { return .infinity }
        return max(1, (uu * vv).squareRoot() / denominator)
    }
}
