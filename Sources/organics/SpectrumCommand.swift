import ArgumentParser
import CircuitModel
import FixedPointSolver
import LinearAlgebra
import Stability
import Sweep

struct SpectrumCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spectrum",
        abstract: "Eigenvalues of the flow Jacobian at the fixed point, with a stability verdict.",
        discussion: """
        The fixed point is found as in 'organics solve' (the normalization branch), or given \
        with --at STATE.json. J = diag(1/τ) DF is assembled by the Jacobian builder and its \
        eigenvalues computed by LAPACK dgees (real Schur form; units 1/s), sorted rightmost first.

        Verdict (proofs/theorem1.md eq. 5.9, §5.9a): stable when every Re λ_k + d_k < 0, \
        unstable when some Re λ_k − d_k > 0, otherwise undecided, with η = 10·m·ε·‖J_b‖_F \
        (J_b the balanced J), κ_k the eigenvalue condition number (LAPACK dtrsna) and \
        d_k = κ_k·η for an isolated eigenvalue ("first-order band"), widened for a \
        cluster (the hull of its members' discs 2κ_jη, or Henrici's bound on the \
        cluster's Schur block from dtrsen) or a near-defective deciding \
        eigenvalue (κη > sep/4: at least √(2‖J_b‖_F·η)) ("cluster band"). \
        The output names the rule that decided. --condition prints the κ_k. \
        --route (auto, dense, structured; proofs/structure.md): with W of rank one (W = ones, \
        or u wᵀ) the eigenvalues are those of a bordered matrix of order n + 1 (uniform τ_a) \
        plus n − 1 exact copies of −1/τ_a, about 6× cheaper than the 2n × 2n Schur form, with \
        bands from that route's own error. When those first-order bands do not decide (an \
        eigenvalue meeting a copy, an undecided verdict) it tries one band d* for all \
        eigenvalues from the resolvent of the block-triangular form ("resolvent \
        band", structure.md eq. 9.16); when that does not decide either, or the structure \
        residual is above rounding, it falls back to the dense route and says so \
        ("eigenvalues by:", JSON spectrum_route). auto (default) \
        takes the structured route when W has rank one and it is worth it; dense forces the \
        2n × 2n route (to cross-check). LAPACK runs on one thread, or on every core for \
        n >= 1000, where that was measured faster (notebooks-md/benchmarks.md, "Threads"); \
        OPENBLAS_NUM_THREADS overrides. \
        --certificate solves Jᵀ P + P J = −I (Bartels–Stewart) and verifies P ≻ 0 and \
        −(JᵀP + PJ) ≻ 0 with every rounding error bounded (proofs/energy.md §2b):
        certified (a proof for the floating-point J, with the margin β: α(J) ≤ −β), \
        refuted (Cholesky of P failed), or inconclusive; a verified certificate decides \
        an otherwise undecided verdict.

        Formats: text (default); json (one object); csv (one row per eigenvalue:
        index,real_per_s,imaginary_per_s,frequency_hz[,condition_number]).

        Examples:
          organics spectrum examples/three-neurons.json --certificate
          organics spectrum case.json --format csv > spectrum.csv
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, csv }

    @Argument(help: "The case file (JSON).")
    var caseFile: String

    @Option(help: "Output format: text, json or csv.")
    var format: Format = .text
    @Flag(help: "Same as --format json (every command accepts both spellings).")
    var json = false

    @Option(name: .customLong("at"), help: "Analyse this state ({\"y\": [...], \"a\": [...]}) instead of the branch fixed point.")
    var stateFile: String?

    @Flag(help: "Compute the Lyapunov certificate.")
    var certificate = false

    @Flag(help: "With a certified J: print V(δx) = δxᵀ P δx along the linearized trajectory δx(t) = exp(Jt) δx₀ (δx₀ = (1,…,1)/√(2n), 21 times over 5 slowest time constants); V decreases.")
    var energy = false

    @Option(help: "Linear algebra of the eigenvalues: auto, dense or structured (proofs/structure.md).")
    var route: Route = .auto

    /// `LinearAlgebraRoute` as a flag value (its own enum here so that the conformance to
    /// ExpressibleByArgument is declared once, by the solve command).
    enum Route: String, ExpressibleByArgument, CaseIterable {
        case auto, dense, structured
        var linearAlgebra: LinearAlgebraRoute { LinearAlgebraRoute(rawValue: rawValue) ?? .automatic }
    }

    @Flag(help: "Print the eigenvalue condition numbers κ_k (dtrsna) that set the verdict's band (computed in any case).")
    var condition = false

    func run() throws {
        // One BLAS thread, or every core for n ≥ 1000 (measured: LinearAlgebraThreads).
        LinearAlgebraThreads.pinToOneThread()
        let (circuit, state, origin) = try refusingBadInput { () throws -> (Circuit, [Double], String) in
            let circuit = try loadCircuit(caseFile)
            LinearAlgebraThreads.useThreads(forNeuronCount: circuit.neuronCount)
            if let stateFile {
                do {
                    return (circuit, try CircuitState.load(path: stateFile, neuronCount: circuit.neuronCount).flattened, "the state in \(stateFile)")
                } catch {
                    throw InputError(message: "\(caseFile): \(error)")
                }
            }
            let branch: BranchSolution
            do { branch = try CircuitFixedPointSolver().normalizationBranch(of: circuit) } catch {
                throw InputError(message: "\(caseFile): \(error)")
            }
            guard branch.isConverged else {
                Terminal.printError("\(caseFile): the normalization branch \(branch.branchLabel) at t = \(branch.parameterReached); there is no branch fixed point to analyse (try 'organics solve --all N' or --at STATE.json)")
                throw ExitCode(1)
            }
            return (circuit, branch.state.flattened, "the normalization-branch fixed point")
        }
        let report = StabilityReport(circuit: circuit, state: state, certificate: certificate || energy, conditionNumbers: condition,
                                     route: route.linearAlgebra)
        let energyValues = energy ? try energyAlongTrajectory(report, circuit: circuit) : nil
        switch json ? .json : format {
        case .json:
            let n = circuit.neuronCount
            print(jsonObject([("case", CaseFile.jsonQuoted(caseFile)), ("at", CaseFile.jsonQuoted(origin)),
                              ("y", jsonArray(Array(state[0..<n]))), ("a", jsonArray(Array(state[n...])))]
                             + report.members(circuit: circuit)
                             + (energyValues.map { [("energy", "[" + $0.map { "[\($0.time), \($0.value)]" }.joined(separator: ", ") + "]")] } ?? []),
                             indent: true))
        case .csv:
            guard case .success(let spectrum) = report.spectrum else {
                Terminal.printError("\(caseFile): \(report.lines(circuit: circuit).joined(separator: "; "))")
                throw ExitCode(1)
            }
            print("index,real_per_s,imaginary_per_s,frequency_hz" + (condition ? ",condition_number" : ""))
            for (index, lambda) in spectrum.eigenvalues.enumerated() {
                var row = "\(index),\(lambda.real),\(lambda.imaginary),\(abs(lambda.imaginary) / (2 * Double.pi))"
                if condition, let kappas = spectrum.conditionNumbers { row += ",\(kappas[index])" }
                print(row)
            }
        case .text:
            print("spectrum of \(caseFile) at \(origin) (n = \(circuit.neuronCount), \(2 * circuit.neuronCount) eigenvalues)")
            for line in report.lines(circuit: circuit, eigenvalueLimit: 2 * circuit.neuronCount) { print(line) }
            if let energyValues {
                print("  energy V(δx(t)) = δxᵀ P δx along the linearized flow (decreasing for a certified J):")
                print("    t_s  V")
                for sample in energyValues { print("    \(sample.time)  \(sample.value)") }
            }
        }
        if case .failure = report.spectrum { throw ExitCode(1) }
    }

    /// V along exp(Jt)δx₀ at 21 times over five slowest time constants of J (proofs/energy.md eq. 6.12).
    private func energyAlongTrajectory(_ report: StabilityReport, circuit: Circuit) throws -> [(time: Double, value: Double)] {
        guard case .success(let certificate)? = report.certificate, certificate.isCertified,
              let energy = QuadraticEnergy(certificate: certificate) else {
            Terminal.printError("\(caseFile): --energy needs a certified Jacobian; the certificate is \((try? report.certificate?.get())?.status.name ?? "unavailable")")
            throw ExitCode(1)
        }
        let m = 2 * circuit.neuronCount
        let horizon = 5 * ((try? report.spectrum.get())?.slowestTimeConstant ?? circuit.slowestTimeConstant)
        let times = (0...20).map { Double($0) * horizon / 20 }
        let start = [Double](repeating: 1 / Double(m).squareRoot(), count: m)
        let values = try energy.valuesAlongLinearizedTrajectory(jacobian: report.jacobian.matrix, initialDeviation: start, times: times)
        return Array(zip(times, values)).map { (time: $0.0, value: $0.1) }
    }
}
