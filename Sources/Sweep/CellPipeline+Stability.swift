import CircuitModel
import JacobianBuilder
import LinearAlgebra
import Stability

extension CellPipeline {
    /// One compiled Jacobian builder for the whole process (JacobianBuilder: "make one
    /// builder and reuse it"; it is Sendable).
    static let jacobianBuilder = JacobianBuilder()

    /// Stage 2 with the project's modules: the flow Jacobian diag(1/τ) DF from
    /// `JacobianBuilder` (proofs/jacobian.md eq. 9.74), its `Spectrum` (abscissa, leading
    /// frequency, verdict with the backward-error radius of proofs/theorem1.md eqs. 5.8–5.9)
    /// by `route` (proofs/structure.md: with W of rank one, `.automatic` reduces the 2n × 2n
    /// eigenproblem to one of order n + 1 for uniform τ_a, falling back to the dense one when the
    /// reduction's own error estimate is poor), and, when asked, a `LyapunovCertificate`
    /// (Bartels–Stewart on the dense J, proofs/energy.md §6): `certified`, `refuted` or
    /// `inconclusive`. A state where the field is not differentiable (a kink of a rectified
    /// variant) gives verdict `undecided`. nil when LAPACK fails (the row then has no spectrum).
    /// `recurrentEigenbasis`: a symmetric K already decomposed of which W_r is an affine function
    /// (the unit's coupling), for the symmetric arrowhead route to reuse (structure.md §9.7).
    public static func stabilitySpectrum(_ circuit: Circuit, _ state: [Double], certificate: Bool,
                                         route: LinearAlgebraRoute = .automatic,
                                         recurrentEigenbasis: SymmetricEigenbasis? = nil) -> SpectrumSummary? {
        let evaluation = jacobianBuilder.flowJacobian(of: circuit, at: state)
        guard let spectrum = try? Spectrum(jacobian: evaluation.matrix,
                                           structure: jacobianStructure(of: circuit, recurrentEigenbasis: recurrentEigenbasis),
                                           route: route)
        else { return nil }
        var certificateName = "not-computed"
        if certificate {
            certificateName = (try? LyapunovCertificate(jacobian: evaluation.matrix))?.status.name ?? "failed"
        }
        let verdict = evaluation.isDifferentiable ? spectrum.verdict.rawValue : StabilityVerdict.undecided.rawValue
        return SpectrumSummary(eigenvalues: spectrum.eigenvalues, abscissa: spectrum.spectralAbscissa,
                               leadingFrequencyHz: spectrum.leadingFrequency, verdict: verdict,
                               certificate: certificateName)
    }

    /// The structure the structured spectrum route needs (proofs/structure.md eq. 9.1): u of
    /// W = u wᵀ (`WeightMatrix.rankOneFactors`, exact for `ones`) and τ_a; nil when W is not of
    /// rank one. O(n²) for a dense W. `recurrentEigenbasis`: the branch's eigendecomposition of
    /// W_r − I, when it made one (`BranchSolution.recurrentEigenbasis`), for the symmetric
    /// arrowhead route to reuse (structure.md §9.7).
    public static func jacobianStructure(of circuit: Circuit, recurrentEigenbasis: SymmetricEigenbasis? = nil)
        -> RankOneJacobianStructure? {
        circuit.normalizationWeights.rankOneFactors(order: circuit.neuronCount).map {
            RankOneJacobianStructure(column: $0.column, tauA: circuit.tauA, recurrentEigenbasis: recurrentEigenbasis)
        }
    }
}
