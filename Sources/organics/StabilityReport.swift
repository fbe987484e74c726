import CircuitModel
import ComplexModule
import JacobianBuilder
import Stability

/// The stability analysis of one state of one circuit: the flow Jacobian (JacobianBuilder),
/// its spectrum and verdict (Stability), and optionally the Lyapunov certificate. Shared by
/// `solve` and `spectrum`; only printing lives here.
struct StabilityReport {
    let jacobian: JacobianEvaluation
    let spectrum: Result<Spectrum, StabilityError>
    let certificate: Result<LyapunovCertificate, StabilityError>?

    init(circuit: Circuit, state: [Double], certificate wantsCertificate: Bool, conditionNumbers: Bool) {
        jacobian = JacobianBuilder().flowJacobian(of: circuit, at: state)
        let matrix = jacobian.matrix
        spectrum = Result { () throws(StabilityError) in
            try Spectrum(jacobian: matrix, options: SpectrumOptions(conditionNumbers: conditionNumbers))
        }
        certificate = wantsCertificate ? Result { () throws(StabilityError) in try LyapunovCertificate(jacobian: matrix) } : nil
    }

    /// JSON members: eigenvalues as [re, im] pairs (rightmost first), the abscissa, the verdict.
    func members(circuit: Circuit) -> [(String, String)] {
        var members: [(String, String)] = []
        switch spectrum {
        case .success(let spectrum):
            let pairs = spectrum.eigenvalues.map { "[\(number($0.real)), \(number($0.imaginary))]" }
            members += [("eigenvalues", "[" + pairs.joined(separator: ", ") + "]"),
                        ("spectral_abscissa", number(spectrum.spectralAbscissa)),
                        ("abscissa_times_tau", number(spectrum.normalizedAbscissa(timeScale: circuit.slowestTimeConstant))),
                        ("leading_frequency_hz", number(spectrum.leadingFrequency)),
                        ("undecided_bound", number(spectrum.undecidedBound)),
                        ("stable", "\(spectrum.verdict == .stable)"),
                        ("verdict", CaseFile.jsonQuoted(spectrum.verdict.rawValue))]
            if let kappas = spectrum.conditionNumbers {
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
                            ("certificate_relative_residual", number(certificate.relativeResidual))]
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
            lines.append("  verdict: \(spectrum.verdict.rawValue) (α = \(spectrum.spectralAbscissa) 1/s, α·τ_max = \(spectrum.normalizedAbscissa(timeScale: tau)), undecided within ±\(spectrum.undecidedBound) 1/s)")
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
                lines.append("  Lyapunov certificate (Jᵀ P + P J = −I): \(certificate.status.name), relative residual \(certificate.relativeResidual)")
            case .failure(let error):
                lines.append("  Lyapunov certificate failed: \(error)")
            }
        }
        return lines
    }

    private func number(_ value: Double) -> String { value.isFinite ? CaseFile.jsonNumber(value) : "null" }
}
