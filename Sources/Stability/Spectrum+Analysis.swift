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
    ///    reaches 0, the cluster is judged instead on its own Schur block T_C (dtrsen reorders
    ///    it to the top and gives s_C, 1/s_C the projector norm): to first order the perturbation
    ///    acts on T_C with size η/s_C, and Henrici's theorem bounds how far each eigenvalue of
    ///    T_C + E is from one of T_C by the root y of (η/s_C) Σ_{k<c} ν^k/y^{k+1} = 1, ν the
    ///    departure from normality of T_C (`henriciRadius`): y ≈ η/s_C for a semisimple,
    ///    well-conditioned multiple eigenvalue, y ≈ √(η/s_C) for a 2 × 2 Jordan block. The
    ///    individual κ_j of a (nearly) multiple eigenvalue depend on an arbitrary choice of
    ///    eigenvectors and are not used then. A near-defective
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
        try self.init(denseJacobian: jacobian, options: options, route: .dense)
    }

    /// The dense route, labelled `route` (`.dense`, or `.fallback` from the structured route).
    init(denseJacobian jacobian: ColumnMajorMatrix, options: SpectrumOptions, route: SpectrumRoute) throws(StabilityError) {
        try validateJacobian(jacobian)
        let m = jacobian.rows
        var matrix = jacobian
        if options.balance {
            let balancing = DiagonalBalancing(jacobian)
            if balancing.balanced.isFinite { matrix = balancing.balanced }
        }
        let balancedNorm = matrix.frobeniusNorm
        let eta = options.backwardErrorFactor * Double(m) * Double.ulpOfOne * balancedNorm
        let unsorted: [Complex<Double>]
        let bands: Bands
        if options.conditionNumbers {
            let schur = try lapack { () throws(LinearAlgebraError) in try RealSchurDecomposition(matrix, computeVectors: false) }
            unsorted = schur.eigenvalues
            bands = try Spectrum.bands(schur: schur, eta: Array(repeating: eta, count: m), normalizedNorm: balancedNorm)
        } else {
            unsorted = try lapack { () throws(LinearAlgebraError) in try Eigendecomposition(matrix).eigenvalues }
            bands = Bands(conditionNumbers: nil, radii: Array(repeating: eta, count: m), clustered: Array(repeating: false, count: m))
        }
        self.init(unsorted: unsorted, bands: bands, jacobianNorm: jacobian.frobeniusNorm, balancedNorm: balancedNorm,
                  backwardError: eta, options: options, route: route)
    }

    /// κ_k, d_k and the cluster flags of the eigenvalues of a matrix in the order of its Schur
    /// form, for a backward error η_k per eigenvalue (§5.9a; see `init(jacobian:options:)`; one η
    /// for all in the dense route, η_k = η_M + a_k ρ in the structured one, structure.md eq. 9.9);
    /// `normalizedNorm` is the ‖·‖_F in the √((2‖·‖_F + η_k)η_k) radius of a near-defective
    /// deciding eigenvalue.
    struct Bands {
        var conditionNumbers: [Double]?
        var radii: [Double]
        var clustered: [Bool]
    }

    static func bands(schur: RealSchurDecomposition, eta: [Double], normalizedNorm: Double) throws(StabilityError) -> Bands {
        let unsorted = schur.eigenvalues
        let m = unsorted.count
        let s = try lapack { () throws(LinearAlgebraError) in
            try EigenvalueConditioning(schurForm: schur.schurForm).reciprocalConditionNumbers
        }
        let k = s.map { $0 > 0 ? max(1, 1 / $0) : Double.infinity }
        let firstOrder = (0..<m).map { k[$0] * eta[$0] }
        let components = Spectrum.clusters(unsorted, firstOrderRadii: firstOrder)
        var clustered = (0..<m).map { components[$0].count > 1 }
        var radii = (0..<m).map { k in
            components[k].count > 1 ? Spectrum.clusterRadius(of: k, members: components[k], eigenvalues: unsorted, firstOrder: firstOrder)
                                    : firstOrder[k]
        }
        // A cluster whose hull band would reach 0 is judged on its own Schur block T_C
        // (dtrsen): a perturbation of size η acts on it as ≲ η/s_C, and by Henrici's theorem
        // every eigenvalue of T_C + E lies within y of one of T_C, where y solves
        // (η/s_C) Σ_{k<c} ν^k / y^{k+1} = 1, ν = ‖N_C‖_F the departure from normality of T_C.
        var judged = Set<Int>()
        for k in 0..<m where clustered[k] && unsorted[k].real + radii[k] >= 0 && !judged.contains(k) {
            let members = components[k]
            judged.formUnion(members)
            let cluster = try lapack { () throws(LinearAlgebraError) in
                try EigenvalueConditioning.clusterBlock(schurForm: schur.schurForm, positions: members)
            }
            guard let cluster, cluster.reciprocalCondition > 0 else { continue }
            let clusterEta = members.map { eta[$0] }.max() ?? 0
            let radius = Spectrum.henriciRadius(block: cluster.block, perturbation: clusterEta / cluster.reciprocalCondition)
            for i in members { radii[i] = min(radii[i], radius) }
        }
        // The deciding eigenvalues must also be separated in the non-normal sense (sep).
        let candidates = Spectrum.decidingPositions(unsorted, radii: radii)
        if !candidates.isEmpty {
            let separations = try lapack { () throws(LinearAlgebraError) in
                try EigenvalueConditioning.separations(schurForm: schur.schurForm, positions: candidates)
            }
            for (position, sep) in separations where !(firstOrder[position] <= sep / 4) {
                let squareRootRadius = ((2 * normalizedNorm + eta[position]) * eta[position]).squareRoot()
                clustered[position] = true
                radii[position] = max(radii[position], squareRootRadius)
            }
        }
        return Bands(conditionNumbers: k, radii: radii, clustered: clustered)
    }

    /// Sorts (rightmost first), finds the abscissa and decides the verdict (eq. 5.9) from
    /// eigenvalues in any order with their bands.
    /// `rule`: the rule of every band (`resolventBand`), or nil for the first-order rules.
    init(unsorted: [Complex<Double>], bands: Bands, jacobianNorm: Double, balancedNorm: Double, backwardError eta: Double,
         options: SpectrumOptions, route: SpectrumRoute, rule: VerdictRule? = nil) {
        let m = unsorted.count
        let radii = bands.radii, clustered = bands.clustered
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
        self.conditionNumbers = bands.conditionNumbers.map { values in order.map { values[$0] } }
        self.spectralAbscissa = alpha
        self.leadingFrequency = leadingImaginary / (2 * Double.pi)
        self.slowestTimeConstant = alpha < 0 ? -1 / alpha : nil
        self.jacobianNorm = jacobianNorm
        self.balancedNorm = balancedNorm
        self.backwardError = eta
        self.undecidedBound = sortedRadii[0]
        self.bandRadii = sortedRadii
        self.decidingIndex = deciding
        self.rule = rule ?? (!options.conditionNumbers ? .unitConditionBand
            : (clustered[order[deciding]] ? .clusterBand : .firstOrderBand))
        self.verdict = verdict
        self.options = options
        self.route = route
    }

    /// Henrici's bound for a quasi-triangular T_C of order c: with ν = ‖N‖_F of its strictly
    /// upper part outside the 2 × 2 diagonal blocks and ‖E‖ ≤ e, every eigenvalue of T_C + E is
    /// within y of an eigenvalue of T_C, y the root of e Σ_{k=0}^{c−1} ν^k / y^{k+1} = 1 (from
    /// ‖(μ − T_C)⁻¹‖ ≤ Σ_k ν^k/δ^{k+1}, δ the distance of μ to the spectrum). ν = 0 gives y = e;
    /// a 2 × 2 Jordan block (ν = 1) gives y ≈ √e. (The 2 × 2 blocks of complex pairs are
    /// counted as diagonal, which is exact only when they are normal — LAPACK's standard form
    /// [[a, b], [c, a]] with |b| = |c|.)
    static func henriciRadius(block t: ColumnMajorMatrix, perturbation e: Double) -> Double {
        let c = t.rows
        guard c > 0, e > 0, e.isFinite else { return e.isFinite ? max(e, 0) : .infinity }
        var nu2 = 0.0
        var j = 0
        var blockStart = [Int](repeating: 0, count: c)
        while j < c {
            if j + 1 < c, t[j + 1, j] != 0 { blockStart[j] = j; blockStart[j + 1] = j; j += 2 } else { blockStart[j] = j; j += 1 }
        }
        for column in 0..<c { for row in 0..<column where blockStart[row] != blockStart[column] { nu2 += t[row, column] * t[row, column] } }
        let nu = nu2.squareRoot()
        func excess(_ y: Double) -> Double {   // e Σ ν^k / y^{k+1} − 1, decreasing in y
            var sum = 0.0, term = e / y
            for _ in 0..<c { sum += term; term *= nu / y; if term < 1e-300 * sum { break } }
            return sum - 1
        }
        var lower = e, upper = max(e, 1) * 2
        while excess(upper) > 0, upper.isFinite { upper *= 2 }
        guard upper.isFinite else { return .infinity }
        for _ in 0..<200 {
            let mid = (lower * upper).squareRoot()
            if excess(mid) > 0 { lower = mid } else { upper = mid }
            if upper / lower < 1 + 1e-12 { break }
        }
        return upper
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
