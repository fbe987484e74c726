import CircuitModel
import ComplexModule
import JacobianBuilder
import LinearAlgebra
import Stability
import Sweep

/// The stability analysis of one state of one circuit: the flow Jacobian (JacobianBuilder),
/// its spectrum and verdict (Stability), and optionally the Lyapunov certificate. Shared by
/// `solve` and `spectrum`; only printing lives here.
///
/// The verdict always uses the condition-number band (`SpectrumOptions()`, proofs/theorem1.md
/// §5.9a); `conditionNumbers` only decides whether κ_k are printed. The spectrum is computed
/// by `route` (proofs/structure.md; `.automatic` uses the bordered reduction when W has rank
/// one and says so); the certificate always works on the dense J. When the band leaves the
/// verdict `undecided` and a verified certificate exists, the report states that the
/// certificate decides: stable, proved, with α(J) ≤ −β (proofs/energy.md §2b).
struct StabilityReport {
    let jacobian: JacobianEvaluation
    let spectrum: Result<Spectrum, StabilityError>
    let certificate: Result<LyapunovCertificate, StabilityError>?

    /// `recurrentEigenbasis`: the branch's eigendecomposition of W_r − I (it depends on W_r only,
    /// not on the state), for the spectrum to reuse.
    init(circuit: Circuit, state: [Double], certificate wantsCertificate: Bool, conditionNumbers: Bool,
         route: LinearAlgebraRoute = .automatic, recurrentEigenbasis: SymmetricEigenbasis? = nil) {
        jacobian = JacobianBuilder().flowJacobian(of: circuit, at: state)
        let matrix = jacobian.matrix
        let structure = CellPipeline.jacobianStructure(of: circuit, recurrentEigenbasis: recurrentEigenbasis)
        spectrum = Result { () throws(StabilityError) in
            try Spectrum(jacobian: matrix, structure: structure, route: route, options: SpectrumOptions())
        }
        certificate = wantsCertificate ? Result { () throws(StabilityError) in try LyapunovCertificate(jacobian: matrix) } : nil
        printsConditionNumbers = conditionNumbers
    }

    /// Print κ_k (JSON `condition_numbers`).
    let printsConditionNumbers: Bool

    /// The verified certificate, when one was computed and verified.
    var verifiedMargin: VerifiedLyapunovMargin? {
        guard case .success(let certificate)? = certificate else { return nil }
        return certificate.verifiedMargin
    }

    /// The verdict and the rule that decided it: the spectrum's band, or the certificate when
    /// the band is undecided and the certificate is verified.
    var decision: (verdict: StabilityVerdict, rule: String)? {
        guard case .success(let spectrum) = spectrum else { return nil }
        if spectrum.verdict == .undecided, verifiedMargin != nil { return (.stable, "verified Lyapunov certificate") }
        return (spectrum.verdict, spectrum.rule.rawValue)
    }

    /// The warning that travels with the deprecated keys (docs/vocabulary.md).
    static let deprecatedKeysNote = CaseFile.jsonQuoted(
        "spectral_abscissa, abscissa_times_tau, undecided_bound and residual are deprecated: use spectral_abscissa_per_s, "
            + "spectral_abscissa_tau_max, error_bound_per_s and residual_per_s (removed in the next release)")

    /// JSON members: eigenvalues as [re, im] pairs (rightmost first), the abscissa, the verdict.
    func members(circuit: Circuit) -> [(String, String)] {
        var members: [(String, String)] = []
        switch spectrum {
        case .success(let spectrum):
            let pairs = spectrum.eigenvalues.map { "[\(number($0.real)), \(number($0.imaginary))]" }
            members += [("eigenvalues", "[" + pairs.joined(separator: ", ") + "]"),
                        ("spectral_abscissa_per_s", number(spectrum.spectralAbscissa)),
                        ("spectral_abscissa_tau_max", number(spectrum.normalizedAbscissa(timeScale: circuit.slowestTimeConstant))),
                        ("leading_frequency_hz", number(spectrum.leadingFrequency)),
                        ("error_bound_per_s", number(spectrum.undecidedBound)),
                        // Deprecated spellings (docs/vocabulary.md), kept for one release.
                        ("spectral_abscissa", number(spectrum.spectralAbscissa)),
                        ("abscissa_times_tau", number(spectrum.normalizedAbscissa(timeScale: circuit.slowestTimeConstant))),
                        ("undecided_bound", number(spectrum.undecidedBound)),
                        ("deprecated_keys", Self.deprecatedKeysNote),
                        ("stable", "\(decision?.verdict == .stable)"),
                        ("verdict", CaseFile.jsonQuoted(decision?.verdict.rawValue ?? spectrum.verdict.rawValue)),
                        ("verdict_rule", CaseFile.jsonQuoted(decision?.rule ?? spectrum.rule.rawValue)),
                        ("spectrum_verdict", CaseFile.jsonQuoted(spectrum.verdict.rawValue)),
                        ("spectrum_route", CaseFile.jsonQuoted(spectrum.route.name)),
                        ("spectrum_route_detail", CaseFile.jsonQuoted(spectrum.route.description))]
            if printsConditionNumbers, let kappas = spectrum.conditionNumbers {
                members.append(("condition_numbers", "[" + kappas.map(number).joined(separator: ", ") + "]"))
            }
        case .failure(let error):
            members += [("stable", "false"), ("verdict", CaseFile.jsonQuoted("error")),
                        ("spectrum_error", CaseFile.jsonQuoted(error.description))]
        }
        members.append(("differentiable", "\(jacobian.isDifferentiable)"))
        if let certificate {
            switch certificate {
            case .success(let certificate):
                members += [("certificate", CaseFile.jsonQuoted(certificate.status.name)),
                            ("certificate_relative_residual", number(certificate.relativeResidual)),
                            ("certificate_floating_point_cholesky", "\(certificate.floatingPointCholeskySucceeded)"),
                            ("certificate_balanced", "\(certificate.balanced)")]
                if let margin = certificate.verifiedMargin {
                    members += [("certificate_margin", number(margin.margin)),
                                ("certificate_min_eigenvalue_P_lower_bound", number(margin.smallestEigenvalueOfPLowerBound)),
                                ("certificate_max_eigenvalue_P_upper_bound", number(margin.largestEigenvalueOfPUpperBound)),
                                ("certificate_min_eigenvalue_Q_lower_bound", number(margin.smallestEigenvalueOfQLowerBound))]
                }
                if let smallest = certificate.smallestEigenvalue { members.append(("certificate_min_eigenvalue_P", number(smallest))) }
            case .failure(let error):
                members += [("certificate", CaseFile.jsonQuoted("error")), ("certificate_error", CaseFile.jsonQuoted(error.description))]
            }
        }
        return members
    }

    /// Human-readable lines.
    func lines(circuit: Circuit, eigenvalueLimit: Int = 6) -> [String] {
        var lines: [String] = []
        switch spectrum {
        case .success(let spectrum):
            let tau = circuit.slowestTimeConstant
            let decided = decision ?? (spectrum.verdict, spectrum.rule.rawValue)
            // Human-facing: the margin |α| against the error bound, 4 significant digits (the JSON keeps all).
            let abscissa = spectrum.spectralAbscissa, bound = spectrum.undecidedBound
            let comparison = abs(abscissa) > bound ? "margin \(human(abs(abscissa))) 1/s, error bound \(human(bound)) 1/s"
                : "|α| = \(human(abs(abscissa))) 1/s is within the error bound \(human(bound)) 1/s"
            lines.append("  verdict: \(decided.verdict.rawValue) (α = \(human(abscissa)) 1/s, α·τ_max = \(human(spectrum.normalizedAbscissa(timeScale: tau))); \(comparison))")
            let deciding = spectrum.eigenvalues[spectrum.decidingIndex]
            let kappa = spectrum.conditionNumbers.map { " κ = \($0[spectrum.decidingIndex])," } ?? ""
            let band = "\(spectrum.rule.rawValue) at λ = \(deciding.real)\(deciding.imaginary < 0 ? "-" : "+")\(abs(deciding.imaginary))i,\(kappa) d = \(spectrum.bandRadii[spectrum.decidingIndex]) 1/s"
            if decided.rule == spectrum.rule.rawValue {
                lines.append("  decided by: \(band)")
            } else {
                lines.append("  decided by: \(decided.rule) (the band, \(band), leaves the spectrum verdict \(spectrum.verdict.rawValue))")
            }
            lines.append("  eigenvalues by: \(spectrum.route)")
            if let slowest = spectrum.slowestTimeConstant { lines.append("  slowest time constant −1/α = \(slowest) s; leading frequency \(spectrum.leadingFrequency) Hz") }
            let shown = spectrum.eigenvalues.prefix(eigenvalueLimit).map { "\($0.real)\($0.imaginary < 0 ? "-" : "+")\(abs($0.imaginary))i" }
            lines.append("  rightmost eigenvalues (1/s): " + shown.joined(separator: ", ") + (spectrum.eigenvalues.count > eigenvalueLimit ? ", …" : ""))
        case .failure(let error):
            lines.append("  spectrum failed: \(error)")
        }
        if !jacobian.isDifferentiable {
            lines.append("  warning: the state is on a rectifier's kink; the Jacobian is the one-sided (H(0) = 0) choice")
        }
        if let certificate {
            switch certificate {
            case .success(let certificate):
                lines.append("  Lyapunov certificate (Jᵀ P + P J = −I\(certificate.balanced ? ", balanced J' = D⁻¹JD" : "")): \(certificate.status.name), relative residual \(certificate.relativeResidual)")
                if let margin = certificate.verifiedMargin {
                    lines.append("    verified for the floating-point J: λ_min(P) ≥ \(margin.smallestEigenvalueOfPLowerBound), λ_max(P) ≤ \(margin.largestEigenvalueOfPUpperBound), λ_min(−(JᵀP + PJ)) ≥ \(margin.smallestEigenvalueOfQLowerBound)")
                    lines.append("    margin β = \(margin.margin) 1/s: α(J) ≤ −β, and J + E is Hurwitz for every ‖E‖₂ < β\(certificate.balanced ? " (‖D⁻¹ED‖₂ < β)" : "") — J's own evaluation error is not bounded here")
                } else if certificate.floatingPointCholeskySucceeded {
                    lines.append("    not verified: the floating-point Cholesky of P succeeded (the old rule) but P ≻ 0 and −(JᵀP + PJ) ≻ 0 could not be proved with rounding accounted for")
                }
            case .failure(let error):
                lines.append("  Lyapunov certificate failed: \(error)")
            }
        }
        return lines
    }

    private func number(_ value: Double) -> String { value.isFinite ? CaseFile.jsonNumber(value) : "null" }
}
