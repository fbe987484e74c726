import ComplexModule
import LinearAlgebra
import RealModule

extension Spectrum {
    /// The spectrum of a flow Jacobian J (2n × 2n) by the route asked for (proofs/structure.md):
    ///
    /// * `.dense`: `init(jacobian:options:)`, the real Schur form of J;
    /// * `.structured`: with W = u wᵀ (`structure`), spec(J) = spec(M) ∪ {−1/τ_a copies}
    ///   (structure.md eq. 9.5), M the bordered matrix of order n + L (`BorderedReduction`; L
    ///   the number of distinct τ_a values with u ≠ 0, 1 for uniform τ_a), from one dgees of
    ///   order n + L instead of 2n; bands as in §5.9a of proofs/theorem1.md applied to M with
    ///   the route's own backward error for each eigenvalue μ of M (structure.md eq. 9.9)
    ///
    ///       η_μ = c (n + L) ε ‖M‖_F + ‖ΔM‖ + (1 + ‖C‖_F/δ_μ) ρ,
    ///
    ///   ‖ΔM‖ the rounding in forming M, ρ the structure residual of J_b's a-rows, ‖C‖_F the
    ///   coupling to the copies, δ_μ the distance of μ to the copies; each copy of −1/τ_a
    ///   gets d = (1 + ‖(M − λI)⁻¹C_λ‖_F) ρ + 2ε/τ_a (eq. 9.11). It falls back to the dense route
    ///   (`route == .fallback(reason)`) when the structure is absent or its residual exceeds the
    ///   dense η, when LAPACK fails on M, or — unless the resolvent band (eq. 9.16) decides
    ///   without first-order bands — when an eigenvalue of M meets a copy's band or the
    ///   structured verdict is `undecided`;
    /// * `.automatic`: structured when `structure` is given and its estimated cost is at most
    ///   half the dense one (eq. 9.12: 11 N³ + (2/3) N³ G + 2 N² n ≤ 44 n³, N = n + L, G the
    ///   groups with copies; uniform τ_a gives ≈ 14 n³), dense otherwise (`route == .dense`,
    ///   not a fallback).
    ///
    /// `conditionNumbers` of a structured result are κ of M's eigenvalues (dtrsna on M) and
    /// 1 + ‖(M − λI)⁻¹C_λ‖_F for the copies. `backwardError` is the largest η_μ.
    /// - Throws: `StabilityError` for an empty, non-square or non-finite J, or a LAPACK failure
    ///   of the dense route.
    /// - Complexity: structured ≈ 11 (n + L)³ + (2/3)(n + L)³ per τ_a group with copies;
    ///   dense ≈ 88 n³.
    public init(jacobian: ColumnMajorMatrix, structure: RankOneJacobianStructure?, route: LinearAlgebraRoute,
                options: SpectrumOptions = SpectrumOptions()) throws(StabilityError) {
        try validateJacobian(jacobian)
        if route == .dense {
            try self.init(denseJacobian: jacobian, options: options, route: .dense)
            return
        }
        guard let structure, structure.fits(order: jacobian.rows) else {
            try self.init(denseJacobian: jacobian, options: options,
                          route: route == .structured ? .fallback(.structureAbsent) : .dense)
            return
        }
        switch try Spectrum.structured(jacobian: jacobian, structure: structure, options: options,
                                       automatic: route == .automatic) {
        case .spectrum(let spectrum): self = spectrum
        case .notWorthIt: try self.init(denseJacobian: jacobian, options: options, route: .dense)
        case .fallback(let reason): try self.init(denseJacobian: jacobian, options: options, route: .fallback(reason))
        }
    }

    private enum StructuredOutcome {
        case spectrum(Spectrum)
        case notWorthIt
        case fallback(SpectrumFallbackReason)
    }

    /// The estimated flop count of the structured route over the dense one (structure.md eq. 9.12).
    static func structuredCostRatio(neuronCount n: Int, tauA: [Double], column u: [Double]) -> Double {
        let groups = BorderedReduction.groups(tauA: tauA, column: u)
        let order = Double(n + groups.filter(\.hasLeader).count)
        let withCopies = Double(groups.filter { $0.indices.count > ($0.hasLeader ? 1 : 0) }.count)
        let structured = 11 * order * order * order + 2.0 / 3.0 * order * order * order * withCopies + 2 * order * order * Double(n)
        let m = Double(2 * n)
        return structured / (11 * m * m * m)
    }

    private static func structured(jacobian: ColumnMajorMatrix, structure: RankOneJacobianStructure,
                                   options: SpectrumOptions, automatic: Bool) throws(StabilityError) -> StructuredOutcome {
        let m = jacobian.rows, n = m / 2
        let e = Double.ulpOfOne
        if automatic, structuredCostRatio(neuronCount: n, tauA: structure.tauA, column: structure.column) > 0.5 {
            return .notWorthIt
        }
        if hasDecoupledCopyCoordinate(jacobian, structure: structure) { return .fallback(.timeConstantCluster) }
        // J_b = D⁻¹ J D keeps the structure with u' = u ∘ d_a⁻¹ (structure.md eq. 9.6); D from
        // `StructuredBalancing` (O(n²) per sweep).
        var balanced = jacobian
        var scaling = [Double](repeating: 1, count: m)
        if options.balance {
            let balancing = StructuredBalancing(jacobian, column: structure.column, tauA: structure.tauA)
            let candidate = StructuredBalancing.balanced(jacobian, scaling: balancing.scaling)
            if candidate.isFinite, balancing.scaling.allSatisfy(\.isFinite) {
                balanced = candidate
                scaling = balancing.scaling
            }
        }
        let column = (0..<n).map { structure.column[$0] / scaling[n + $0] }
        guard column.allSatisfy(\.isFinite) else { return .fallback(.structureAbsent) }
        let balancedNorm = balanced.frobeniusNorm
        let reduction: BorderedReduction
        switch BorderedReduction.reduce(balanced: balanced, column: column, tauA: structure.tauA,
                                        residualGateFactor: options.backwardErrorFactor * Double(m) * e) {
        case .success(let value): reduction = value
        case .failure(let reason): return .fallback(reason)
        }
        let reduced = reduction.reduced
        let order = reduced.rows
        let rho = reduction.structureResidual
        if options.conditionNumbers, order == n + 1,
           let arrowhead = SymmetricArrowhead(reduced: reduced, eigensolverFactor: options.backwardErrorFactor,
                                              knownEigenbasis: structure.recurrentEigenbasis),
           let outcome = symmetricArrowheadOutcome(arrowhead, reduction: reduction, jacobian: jacobian, balancedNorm: balancedNorm,
                                                   options: options) {
            return outcome
        }

        // spec(M) with the route's backward error (eq. 9.9).
        let schur: RealSchurDecomposition?
        let eigenvaluesOfM: [Complex<Double>]
        do {
            schur = options.conditionNumbers ? try RealSchurDecomposition(reduced, computeVectors: false) : nil
            eigenvaluesOfM = try schur?.eigenvalues ?? Eigendecomposition(reduced).eigenvalues
        } catch { return .fallback(.reducedSolveFailed) }
        guard let amplification = copyAmplification(eigenvaluesOfM, reduction: reduction) else {
            return .fallback(.timeConstantCluster)
        }
        let schurError = options.backwardErrorFactor * Double(order) * e * reduced.frobeniusNorm + reduction.formationError
        let eta = amplification.map { schurError + $0 * rho }
        guard eta.allSatisfy(\.isFinite) else { return .fallback(.timeConstantCluster) }
        var bands: Bands
        if let schur {
            do { bands = try Spectrum.bands(schur: schur, eta: eta, normalizedNorm: reduced.frobeniusNorm) } catch {
                return .fallback(.reducedSolveFailed)
            }
        } else {
            bands = Bands(conditionNumbers: nil, radii: eta, clustered: Array(repeating: false, count: order))
        }

        // When the first-order bands cannot decide, the resolvent band (9.16) may: dgees's eigenvalues
        // are exact for M + E_M, κ_k = 1/s_k from dtrsna are the row norms of V⁻¹ for unit columns.
        let frame = bands.conditionNumbers.map { kappas in
            ResolventFrame(eigenvalues: eigenvaluesOfM, locationErrors: Array(repeating: 0, count: order),
                           eigenvectorCondition: (Double(order) * kappas.reduce(0) { $0 + $1 * $1 }).squareRoot(),
                           perturbation: schurError + rho, coupling: reduction.couplingNorm)
        }
        func undecided(_ outcome: StructuredOutcome) -> StructuredOutcome {
            frame.flatMap { resolventBandSpectrum($0, reduction: reduction, jacobian: jacobian, balancedNorm: balancedNorm, options: options,
                                                  route: .structured(reducedOrder: order)) }
                .map { .spectrum($0) } ?? outcome
        }

        // The exact copies of −1/τ_a and their bands (eq. 9.11), ‖(M − λI)⁻¹X_G(I − ûûᵀ)‖_F by an LU of M − λI.
        var unsorted = eigenvaluesOfM
        let copies = addCopies(of: reduction, to: &unsorted, bands: &bands, minimumRadius: options.conditionNumbers ? 0 : eta.max() ?? 0) { group in
            var shifted = reduced
            for i in 0..<order { shifted[i, i] += 1 / group.timeConstant }
            guard let solution = try? LUFactorization(shifted).solve(reduction.couplingColumns(of: group)) else { return nil }
            return Spectrum.projectedFrobeniusNorm(solution, removing: group.unitColumn)
        }
        guard copies == .added else { return undecided(.fallback(.timeConstantCluster)) }
        let spectrum = Spectrum(unsorted: unsorted, bands: bands, jacobianNorm: jacobian.frobeniusNorm, balancedNorm: balancedNorm,
                                backwardError: eta.max() ?? 0, options: options, route: .structured(reducedOrder: order))
        return spectrum.verdict == .undecided ? undecided(.fallback(.undecided)) : .spectrum(spectrum)
    }

    /// spec(M) from `SymmetricArrowhead` (proofs/structure.md §9.7), with the copies of −1/τ_a as
    /// in the bordered route. The M-frame backward error without the Schur term,
    /// η_M,k = ‖ΔM‖_F + (1 + ‖C‖_F/δ_k)ρ (9.9, δ_k the distance of the k-th eigenvalue to the copies),
    /// grows by cond(P) in the arrowhead's frame and adds to its own errors:
    /// η'_k = cond(P) η_M,k + ‖Δ‖ (9.13′). Each eigenvalue gets d = e_k + κ'_k η'_k (e_k its
    /// certified location error), clusters and the sep test as in theorem1.md §5.9a with
    /// sep_k ≥ gap_k/(N Σ_j κ'_j²)^½ (9.15). Where these first-order bands cannot decide, the
    /// resolvent band (9.16, `resolventBandSpectrum`) is tried first; failing it, nil — the Schur
    /// form of M decides — when a cluster's hull band reaches 0 (Henrici's radius needs a Schur
    /// block) or a copy's amplifier cannot be formed, and a fallback otherwise.
    private static func symmetricArrowheadOutcome(_ arrowhead: SymmetricArrowhead, reduction: BorderedReduction,
                                                  jacobian: ColumnMajorMatrix, balancedNorm: Double,
                                                  options: SpectrumOptions) -> StructuredOutcome? {
        let eigenvalues = arrowhead.eigenvalues
        let order = eigenvalues.count
        let rho = reduction.structureResidual
        let kappas = arrowhead.conditionNumbers
        // κ_F(V) = (N Σ κ'²)^½ ≥ ‖V‖‖V⁻¹‖ for unit right eigenvectors (9.15).
        let eigenvectorCondition = (Double(order) * kappas.reduce(0) { $0 + $1 * $1 }).squareRoot()
        // When the first-order bands cannot decide, the resolvent band (9.16) may.
        func undecided(_ outcome: StructuredOutcome?) -> StructuredOutcome? {
            // M' = T_M⁻¹(M − Δ)T_M: C' = T_M⁻¹C, and M's errors grow by cond(P) in this frame.
            let frame = ResolventFrame(
                eigenvalues: eigenvalues, locationErrors: arrowhead.locationErrors, eigenvectorCondition: eigenvectorCondition,
                perturbation: arrowhead.internalError + arrowhead.similarityCondition * (reduction.formationError + rho),
                coupling: reduction.couplingNorm / (arrowhead.symmetrizer.min() ?? 1))
            return resolventBandSpectrum(frame, reduction: reduction, jacobian: jacobian, balancedNorm: balancedNorm, options: options,
                                         route: .symmetricArrowhead(reducedOrder: order, reusedEigenbasis: arrowhead.reusedEigenbasis))
                .map { .spectrum($0) } ?? outcome
        }
        guard let amplification = copyAmplification(eigenvalues, reduction: reduction) else { return undecided(.fallback(.timeConstantCluster)) }
        let eta = amplification.map { arrowhead.similarityCondition * (reduction.formationError + $0 * rho) + arrowhead.internalError }
        guard eta.allSatisfy(\.isFinite) else { return undecided(.fallback(.timeConstantCluster)) }
        let firstOrder = (0..<order).map { arrowhead.locationErrors[$0] + kappas[$0] * eta[$0] }
        let components = Spectrum.clusters(eigenvalues, firstOrderRadii: firstOrder)
        var clustered = (0..<order).map { components[$0].count > 1 }
        var radii = (0..<order).map { k in
            clustered[k] ? Spectrum.clusterRadius(of: k, members: components[k], eigenvalues: eigenvalues, firstOrder: firstOrder)
                         : firstOrder[k]
        }
        for k in 0..<order where clustered[k] && eigenvalues[k].real + radii[k] >= 0 { return undecided(nil) }
        // sep_k ≥ gap_k / κ_F(V) (9.15).
        for k in Spectrum.decidingPositions(eigenvalues, radii: radii) {
            var gap = Double.infinity
            for j in 0..<order where j != k { gap = min(gap, (eigenvalues[j] - eigenvalues[k]).length) }
            if !(firstOrder[k] <= gap / eigenvectorCondition / 4) {
                clustered[k] = true
                radii[k] = max(radii[k], ((2 * arrowhead.arrowheadNorm + eta[k]) * eta[k]).squareRoot())
            }
        }
        var bands = Bands(conditionNumbers: kappas, radii: radii, clustered: clustered)
        var unsorted = eigenvalues
        switch addCopies(of: reduction, to: &unsorted, bands: &bands, minimumRadius: 0, amplifier: { group in
            arrowhead.copyAmplifier(at: -1 / group.timeConstant, coupling: reduction.couplingColumns(of: group),
                                    indices: group.indices, unit: group.unitColumn)
        }) {
        case .added: break
        case .amplifierUnavailable: return undecided(nil)
        case .meetsEigenvalue: return undecided(.fallback(.timeConstantCluster))
        }
        let spectrum = Spectrum(unsorted: unsorted, bands: bands, jacobianNorm: jacobian.frobeniusNorm, balancedNorm: balancedNorm,
                                backwardError: eta.max() ?? 0, options: options, route: .symmetricArrowhead(reducedOrder: order,
                                                                                            reusedEigenbasis: arrowhead.reusedEigenbasis))
        return spectrum.verdict == .undecided ? undecided(.fallback(.undecided)) : .spectrum(spectrum)
    }

    /// d* of (9.16): the positive root of d² = e((κ + 1)d + κc), beyond which
    /// e(κ/d + κc/d² + 1/d) < 1; times (1 + 16ε) for its own rounding. For a perturbation of norm
    /// ≤ e of B' = [M', C'; 0, Λ] (‖C'‖ ≤ c, κ ≥ ‖V'‖‖V'⁻¹‖ for M''s eigenvector matrix V', Λ
    /// diagonal), every eigenvalue is within d* of spec(M') ∪ spec(Λ).
    static func resolventRadius(perturbation e: Double, eigenvectorCondition kappa: Double, coupling c: Double) -> Double {
        let b = e * (kappa + 1)
        return 0.5 * (b + (b * b + 4 * e * kappa * c).squareRoot()) * (1 + 16 * Double.ulpOfOne)
    }

    /// What (9.16) needs of B' = [M', C'; 0, Λ], J_b ~ B' + E': M''s eigenvalues with their location
    /// errors, κ ≥ ‖V'‖₂‖V'⁻¹‖₂ for its unit-column eigenvector matrix, ‖E'‖₂ and ‖C'‖₂ bounds.
    /// Symmetric arrowhead route: M' the arrowhead, κ = κ_F(V') from κ'_j (9.15), C' = T_M⁻¹C,
    /// ‖E'‖ ≤ ‖Δ‖ + cond(P)(‖ΔM‖_F + ρ). Schur form of M: M' = M + E_M (dgees's eigenvalues are
    /// exact for it), κ = (N Σ κ_j²)^½ from dtrsna, C' = C, ‖E'‖ ≤ c N ε ‖M‖_F + ‖ΔM‖_F + ρ.
    struct ResolventFrame {
        let eigenvalues: [Complex<Double>]
        let locationErrors: [Double]
        let eigenvectorCondition: Double
        let perturbation: Double
        let coupling: Double
    }

    /// The resolvent band (proofs/structure.md eq. 9.16), for when the first-order bands do not
    /// decide — typically eigenvalues of M crowding the copies of −1/τ_a (1 − s ≈ 0 puts all of A's
    /// eigenvalues next to −1/τ_y = −1/τ_a). For μ at distance ≥ d from spec(M') and from the
    /// copies, ‖(B' − μ)⁻¹‖₂ ≤ κ/d + κ‖C'‖/d² + 1/d; an eigenvalue μ of B' + E' has
    /// ‖(B' − μ)⁻¹‖‖E'‖ ≥ 1, so every eigenvalue of J is within
    ///
    ///     d* = ½ [ ‖E'‖(κ + 1) + √(‖E'‖²(κ + 1)² + 4‖E'‖κ‖C'‖) ]
    ///
    /// of spec(M') ∪ {copies}: bands e_k + d* (e_k the location error) and d* + 2ε/τ_a. Returned
    /// only when decided: `stable` when every band lies left of the axis, `unstable` when one lies
    /// right of it and no band touches it (so the component holding it is in Re λ > 0). nil otherwise.
    static func resolventBandSpectrum(_ frame: ResolventFrame, reduction: BorderedReduction, jacobian: ColumnMajorMatrix,
                                      balancedNorm: Double, options: SpectrumOptions, route: SpectrumRoute) -> Spectrum? {
        let order = frame.eigenvalues.count
        let radius = resolventRadius(perturbation: frame.perturbation, eigenvectorCondition: frame.eigenvectorCondition,
                                     coupling: frame.coupling)
        guard radius.isFinite else { return nil }
        var unsorted = frame.eigenvalues
        var radii = (0..<order).map { frame.locationErrors[$0] + radius }
        for group in reduction.groups where group.copies > 0 {
            unsorted += Array(repeating: Complex(-1 / group.timeConstant, 0), count: group.copies)
            radii += Array(repeating: radius + 2 * Double.ulpOfOne / group.timeConstant, count: group.copies)
        }
        let bands = Bands(conditionNumbers: nil, radii: radii, clustered: Array(repeating: false, count: unsorted.count))
        let spectrum = Spectrum(unsorted: unsorted, bands: bands, jacobianNorm: jacobian.frobeniusNorm, balancedNorm: balancedNorm,
                                backwardError: frame.perturbation, options: options, route: route, rule: .resolventBand)
        switch spectrum.verdict {
        case .stable: return spectrum
        case .unstable: return zip(unsorted, radii).allSatisfy { abs($0.real) > $1 } ? spectrum : nil
        case .undecided: return nil
        }
    }

    /// The amplification a_μ = 1 + ‖C‖_F/δ_μ of the structure residual in (9.9) for each
    /// eigenvalue μ of M, δ_μ its distance to the copies of −1/τ_a (1 without copies): the norm
    /// of μ's left eigenvector [y; z] in (9.3), zᴴ = yᴴC(μI − Λ)⁻¹. Per eigenvalue, so that one
    /// μ next to the copies does not widen the bands of all the others. nil when an eigenvalue
    /// of M equals a copy.
    static func copyAmplification(_ eigenvaluesOfM: [Complex<Double>], reduction: BorderedReduction) -> [Double]? {
        let copyValues = reduction.groups.filter { $0.copies > 0 }.map { Complex(-1 / $0.timeConstant, 0) }
        var amplification: [Double] = []
        amplification.reserveCapacity(eigenvaluesOfM.count)
        for mu in eigenvaluesOfM {
            let distance = copyValues.map { (mu - $0).length }.min() ?? .infinity
            guard distance > 0 else { return nil }
            amplification.append(1 + reduction.couplingNorm / distance)
        }
        return amplification
    }

    enum CopiesOutcome { case added, amplifierUnavailable, meetsEigenvalue }

    /// Appends each group's exact copies of −1/τ_a with the band (9.11),
    /// d_λ = max((1 + a_G) ρ + 2ε/t, `minimumRadius`), a_G = ‖(M − λI)⁻¹X_G(I − ûûᵀ)‖_F from
    /// `amplifier` (an LU of M − λI, or the arrowhead's explicit solve), and condition number
    /// 1 + a_G. Stops at a group whose amplifier is unavailable or not finite, or whose copies come
    /// within 2(d_μ + d_λ) of an eigenvalue μ of M (the first-order bands do not separate them).
    static func addCopies(of reduction: BorderedReduction, to unsorted: inout [Complex<Double>], bands: inout Bands,
                          minimumRadius: Double, amplifier: (BorderedReduction.Group) -> Double?) -> CopiesOutcome {
        let eigenvaluesOfM = unsorted
        for group in reduction.groups where group.copies > 0 {
            let lambda = -1 / group.timeConstant
            guard let a = amplifier(group), a.isFinite else { return .amplifierUnavailable }
            let radius = (1 + a) * reduction.structureResidual + 2 * Double.ulpOfOne / group.timeConstant
            for (k, mu) in eigenvaluesOfM.enumerated() where (mu - Complex(lambda, 0)).length <= 2 * (bands.radii[k] + radius) {
                return .meetsEigenvalue
            }
            unsorted += Array(repeating: Complex(lambda, 0), count: group.copies)
            bands.radii += Array(repeating: max(radius, minimumRadius), count: group.copies)
            bands.clustered += Array(repeating: false, count: group.copies)
            bands.conditionNumbers = bands.conditionNumbers.map { $0 + Array(repeating: 1 + a, count: group.copies) }
        }
        return .added
    }

    /// True when a y-coordinate k < n is exactly decoupled — column k of J is J_kk e_k, or row k
    /// is J_kk e_kᵀ (a rectified neuron: H(y_k) = 0 or H((W_r y)_k) = 0) — with J_kk within 4ε of
    /// −1/τ_a of a group that has copies. T leaves y-coordinates alone, so e_k is then a right or
    /// left eigenvector of M for that value: M has an eigenvalue equal to the copies', which
    /// (9.11) cannot separate (structure.md §9.4), and the route falls back before any O(n³)
    /// work. Each column and row stops at its first non-zero off-diagonal entry.
    static func hasDecoupledCopyCoordinate(_ jacobian: ColumnMajorMatrix, structure: RankOneJacobianStructure) -> Bool {
        let values = BorderedReduction.groups(tauA: structure.tauA, column: structure.column)
            .filter { $0.indices.count > ($0.hasLeader ? 1 : 0) }.map { -1 / $0.tau }
        guard !values.isEmpty else { return false }
        let m = jacobian.rows, n = m / 2
        return jacobian.elements.withUnsafeBufferPointer { a in
            for k in 0..<n {
                let diagonal = a[k * m + k]
                guard values.contains(where: { abs(diagonal - $0) <= 4 * Double.ulpOfOne * abs($0) }) else { continue }
                var column = true, row = true
                for i in 0..<m where i != k && a[k * m + i] != 0 { column = false; break }
                if column { return true }
                for j in 0..<m where j != k && a[j * m + k] != 0 { row = false; break }
                if row { return true }
            }
            return false
        }
    }

    /// ‖Y P‖_F with P = I − ûûᵀ (or P = I when û is nil): Y's columns are indexed like û.
    static func projectedFrobeniusNorm(_ y: ColumnMajorMatrix, removing unit: [Double]?) -> Double {
        var projected = y
        if let unit {
            let yu = y.multiply(unit)
            for k in 0..<y.columns { for i in 0..<y.rows { projected[i, k] -= yu[i] * unit[k] } }
        }
        return projected.frobeniusNorm
    }
}
