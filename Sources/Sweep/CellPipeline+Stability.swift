import CircuitModel
import JacobianBuilder
import LinearAlgebra
import Stability

extension CellPipeline {
    /// One compiled Jacobian builder for the whole process (JacobianBuilder: "make one
    /// builder and reuse it"; it is Sendable).
    static let jacobianBuilder = JacobianBuilder()

    /// Stage 2 with the project's modules: the flow Jacobian diag(1/τ) DF from
    /// `JacobianBuilder` (proofs/jacobian.md eq. 3.14), its `Spectrum` (abscissa, leading
    /// frequency, verdict with the backward-error radius of proofs/theorem1.md eqs. 5.8–5.9),
    /// and, when asked, a `LyapunovCertificate` (Bartels–Stewart, proofs/energy.md §6):
    /// `certified`, `refuted` or `inconclusive`. A state where the field is not
    /// differentiable (a kink of a rectified variant) gives verdict `undecided`. nil when
    /// LAPACK fails (the row then has no spectrum).
    public static func stabilitySpectrum(_ circuit: Circuit, _ state: [Double], certificate: Bool) -> SpectrumSummary? {
        let evaluation = jacobianBuilder.flowJacobian(of: circuit, at: state)
        guard let spectrum = try? Spectrum(jacobian: evaluation.matrix) else { return nil }
        var certificateName = "not-computed"
        if certificate {
            certificateName = (try? LyapunovCertificate(jacobian: evaluation.matrix))?.status.name ?? "failed"
        }
        let verdict = evaluation.isDifferentiable ? spectrum.verdict.rawValue : StabilityVerdict.undecided.rawValue
        return SpectrumSummary(eigenvalues: spectrum.eigenvalues, abscissa: spectrum.spectralAbscissa,
                               leadingFrequencyHz: spectrum.leadingFrequency, verdict: verdict,
                               certificate: certificateName)
    }
}
