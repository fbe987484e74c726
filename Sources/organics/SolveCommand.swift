import ArgumentParser
import CircuitModel
import FixedPointSolver
import LinearAlgebra
import Sweep
import Foundation

struct SolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Find the fixed point of each circuit on the normalization branch (continuation from W_r = I).",
        discussion: """
        The fixed point of a circuit is the normalization branch (proofs/newton.md
        §7.4): the closed form at W_r = I continued along W_r(t) = I + t (W_r − I)
        to t = 1, Newton as the corrector. When natural steps stall, pseudo-
        arclength continuation in (x, t) takes over (§7.7) and decides:
          continued     the stall was the step control's; t = 1 was reached
          folded        a located turning point: fold_t, rcond(DF) there, the
                        null vector's overlap with the tangent, dt/ds on both
                        sides (§7.8); the point printed is the fold, not a
                        fixed point of this circuit
          branch-point  det DF changes sign without a turning point (§7.9); the
                        curve is continued through it to t = 1 and the point
                        printed is a fixed point of the circuit, but not the
                        normalization branch's
          lost          no turning point found (e.g. the branch escapes to
                        infinity); no fold is claimed
        --follow-fold continues past a located fold along the branch and reports
        what it reaches ("fixed-point-past-fold": another fixed point of the
        circuit at t = 1). --from STATE polishes a given state (e.g. the end of a
        simulation) by Newton instead and says whether that fixed point is the
        branch's. --all N lists up to N fixed points (branch first, then others
        found by deflation, proofs/newton.md §7.5).

        --route chooses the linear algebra of Newton and continuation
        (proofs/newton.md §7.10): "auto" (default) factors DF through an
        (n+1) × (n+1) matrix when W has rank one (W = ones, or a dense W = u wᵀ)
        and the 2n × 2n DF otherwise; "dense" always factors the 2n × 2n DF (to
        cross-check); "structured" is "auto" but says so. JSON members
        "linear_algebra" (the route used) and "dense_fallbacks" (structured
        factorizations that fell back to dense LU) report it. When moreover
        W_r is symmetric, the variant "paper" and a is uniform (W = ones with
        one b0 and sigma: the literature's symmetric ensembles), n >= 64, the
        (n+1) × (n+1) systems are solved through one eigendecomposition of
        W_r − I made once per branch, in O(n^2) each instead of an LU
        (proofs/newton.md §7.11; JSON "eigenbasis_solves" counts them). The spectrum of
        the reported point follows --route too (proofs/structure.md;
        "spectrum_route" in JSON).

        Threads: LAPACK runs on one thread, or on every core for a circuit of
        n >= 1000, where that was measured faster (notebooks-md/benchmarks.md,
        "Threads"); OPENBLAS_NUM_THREADS overrides. JSON "blas_threads" says
        which.

        Output: text (default), one JSON object (--json; an array for several
        files), or one JSON object per line in the order given (--jsonl), each with
        "case" naming its file; a bad file gives an {"case", "error"} line and the
        others still run. "residual" is ‖diag(1/τ) F‖∞ of the vector field (1/s).
        Exit status 64 if any input was refused.

        Examples:
          organics solve examples/three-neurons.json --json
          organics solve cases/*.json --jsonl
          organics solve case.json --from simulated-end.json --all 4
          organics solve case.json --follow-fold
        """
    )

    @Argument(help: "Case files (JSON, see README.md).")
    var caseFiles: [String] = []

    @Flag(name: .customLong("json"), help: "Print one JSON object (a JSON array of objects for several case files).")
    var jsonFlag = false
    @Option(help: "Output format: text or json (--format json is --json; every command accepts both spellings).")
    var format: OutputFormat?
    /// JSON output, asked for as --json or --format json.
    var json: Bool { jsonFlag || format == .json }

    @Flag(help: "Print one JSON object per case file and line, in the order given.")
    var jsonl = false

    @Option(name: .customLong("from"), help: "Polish the fixed point by Newton from this state file ({\"y\": [...], \"a\": [...]}).")
    var fromState: String?

    @Option(name: .customLong("all"), help: "List up to N fixed points (deflation).")
    var allCount: Int?

    @Flag(help: "Also compute the Lyapunov certificate (Jᵀ P + P J = −I, Cholesky of P).")
    var certificate = false

    // One circuit over many inputs: SolveCommand+Inputs.swift.
    @Option(help: "Solve the one case file for every input z in this file (.npy of shape (m, n), or CSV: one z per line).")
    var inputs: String?
    @Option(help: "With --inputs FILE.npz: the name of the (m, n) array in the archive.")
    var inputsKey: String?
    @Option(help: "With --inputs: write one row per input to this file (CSV; JSON lines if it ends in .jsonl).")
    var out: String?
    @Option(help: "Also write the fixed point (y, a) and eigenvalues as .npy files in this directory (with --inputs: m × n arrays).")
    var npyDir: String?
    @Option(help: "With --inputs: parallel workers (default: one per core).")
    var workers: Int?
    @Option(help: "With --inputs: also simulate each input from 'closed-form' or 'random' (needs --seed) and classify the outcome.")
    var simulate: String?
    @Option(help: "With --simulate random: master seed (each input's seed is derived from it and the input index).")
    var seed: UInt64?
    @Flag(help: "Past a located fold, follow the branch back in t and report what it reaches.")
    var followFold = false
    @Option(help: "Linear algebra of Newton and continuation: auto (structured when W has rank one), dense or structured.")
    var route: LinearAlgebraRoute = .automatic

    func validate() throws {
        guard !caseFiles.isEmpty else { throw ValidationError("give at least one case file") }
        guard !(json && jsonl) else { throw ValidationError("--json and --jsonl exclude each other") }
        if let allCount, allCount < 1 { throw ValidationError("--all must be at least 1, found \(allCount)") }
        try validateInputsOptions()
    }

    func run() throws {
        if let inputs { return try runInputs(inputs) }
        // One BLAS thread, or every core for a circuit of n ≥ 1000 (measured: LinearAlgebraThreads),
        // unless OPENBLAS_NUM_THREADS says otherwise.
        LinearAlgebraThreads.pinToOneThread()
        var refused = false
        var objects: [String] = []
        for path in caseFiles {
            let input: (Circuit, CircuitState?)
            do {
                input = try loadInput(path)
            } catch let error as InputError {
                refused = true
                Terminal.printError(error.message)
                if jsonl { print(jsonObject([("case", CaseFile.jsonQuoted(path)), ("error", CaseFile.jsonQuoted(error.message))])) }
                continue
            }
            LinearAlgebraThreads.useThreads(forNeuronCount: input.0.neuronCount)
            let report = SolveReport(path: path, circuit: input.0, start: input.1, listing: allCount, certificate: certificate,
                                     followsFold: followFold, route: route)
            if let npyDir { try writeArrays(report, directory: npyDir) }
            if jsonl {
                print(jsonObject(report.members))
            } else if json {
                objects.append(jsonObject(report.members, indent: true))
            } else {
                print(report.text)
            }
        }
        if json {
            // Several files: an array, printed only when every file was accepted.
            if !refused { print(caseFiles.count == 1 ? objects[0] : "[\n" + objects.joined(separator: ",\n") + "\n]") }
        }
        if refused { throw ExitCode(64) }
    }

    /// The circuit and, with --from, the start state; every refusal names the file.
    private func loadInput(_ path: String) throws -> (Circuit, CircuitState?) {
        let circuit = try loadCircuit(path)
        guard let fromState else { return (circuit, nil) }
        do {
            return (circuit, try CircuitState.load(path: fromState, neuronCount: circuit.neuronCount))
        } catch {
            throw InputError(message: "\(path): \(error)")
        }
    }
}

/// The computation behind one case, and its printing. JSON members are an ordered list of
/// (key, JSON text) pairs, so other modules' keys (eigenvalues, verdict) append easily.
struct SolveReport {
    let path: String
    let circuit: Circuit
    /// The normalization branch, or why it is undefined (closed form with a ≤ 0).
    let branch: Result<BranchSolution, NormalizationFixedPoint.Inapplicable>
    /// With --from: Newton polish from the given state.
    let polished: NewtonSolution?
    /// With --all: the fixed points found.
    let listing: [NewtonSolution]?
    /// Spectrum and verdict (and certificate) at the reported point.
    let stability: StabilityReport?
    /// With --follow-fold and a located fold: what the branch reaches past it.
    let pastFold: FoldFollowingOutcome?

    /// "structured" or "dense": the linear algebra Newton and continuation used (proofs/newton.md §7.10).
    let linearAlgebra: String
    /// LAPACK/BLAS threads in use (nil when the BLAS cannot say).
    let blasThreads: Int?
    /// The --route asked for.
    let requestedRoute: LinearAlgebraRoute

    init(path: String, circuit: Circuit, start: CircuitState?, listing count: Int?, certificate: Bool = false,
         followsFold: Bool = false, route: LinearAlgebraRoute = .automatic) {
        let jacobian = CircuitJacobian.standard.routed(route)
        let solver = CircuitFixedPointSolver(jacobian: jacobian)
        self.linearAlgebra = jacobian.rankOneFactors(for: circuit) == nil ? "dense" : "structured"
        self.blasThreads = LinearAlgebraThreads.currentThreadCount()
        self.requestedRoute = route
        self.path = path
        self.circuit = circuit
        self.branch = Result { () throws(NormalizationFixedPoint.Inapplicable) in try solver.normalizationBranch(of: circuit) }
        if followsFold, case .success(let branch) = branch, let fold = branch.continuation.status.fold {
            pastFold = solver.followFold(of: circuit, from: fold)
        } else {
            pastFold = nil
        }
        self.polished = start.map { solver.polish(circuit, from: $0) }
        if let count {
            var known: [CircuitState] = []
            if case .success(let branch) = branch, branch.isConverged { known.append(branch.state) }
            if let polished, polished.isConverged { known.append(CircuitState(flattened: polished.point)) }
            listing = solver.fixedPoints(of: circuit, count: count, known: known, starts: start.map { [$0] } ?? [])
        } else {
            listing = nil
        }
        if let x = polished?.point ?? (try? branch.get())?.state.flattened, x.allSatisfy(\.isFinite) {
            stability = StabilityReport(circuit: circuit, state: x, certificate: certificate, conditionNumbers: false,
                                        route: route, recurrentEigenbasis: (try? branch.get())?.recurrentEigenbasis)
        } else {
            stability = nil
        }
    }

    /// The reported point: the polished one with --from, else the last branch point.
    private var point: [Double]? {
        if let polished { return polished.point }
        if case .success(let branch) = branch { return branch.state.flattened }
        return nil
    }

    private var converged: Bool {
        if let polished { return polished.isConverged }
        if case .success(let branch) = branch { return branch.isConverged }
        return false
    }

    private func isOnBranch(_ x: [Double]) -> Bool {
        guard case .success(let branch) = branch, branch.isConverged else { return false }
        let gap = zip(x, branch.state.flattened).reduce(0) { max($0, abs($1.0 - $1.1)) }
        return gap <= 1e-8 * max(1, branch.state.flattened.reduce(0) { max($0, abs($1)) })
    }

    var members: [(String, String)] {
        let n = circuit.neuronCount
        var members: [(String, String)] = [("case", CaseFile.jsonQuoted(path)),
                                           ("name", circuit.name.map(CaseFile.jsonQuoted) ?? "null"),
                                           ("converged", "\(converged)"),
                                           ("origin", CaseFile.jsonQuoted(polished == nil ? "branch" : "from-state"))]
        if let x = point {
            members += [("y", jsonArray(Array(x[0..<n]))), ("a", jsonArray(Array(x[n...]))),
                        ("residual_per_s", number(infinityNorm(circuit.vectorField(at: x)))),
                        ("residual", number(infinityNorm(circuit.vectorField(at: x)))),  // deprecated spelling
                        ("residual_scaled", number(scaledResidual(x)))]
        }
        if let polished {
            members += [("status", CaseFile.jsonQuoted(polished.status.label)), ("iterations", "\(polished.iterations)"),
                        ("on_branch", "\(isOnBranch(polished.point))")]
        }
        switch branch {
        case .success(let branch):
            if polished == nil {
                members += [("status", CaseFile.jsonQuoted(branch.continuation.status.label)),
                            ("iterations", "\(branch.continuation.newtonIterations)")]
            }
            members += [("branch", CaseFile.jsonQuoted(branch.branchLabel)),
                        ("t_reached", number(branch.parameterReached)),
                        ("continuation_steps", "\(branch.continuation.steps)"),
                        ("rejected_steps", "\(branch.continuation.rejectedSteps)"),
                        ("min_rcond", number(branch.continuation.minimumReciprocalCondition)),
                        ("arclength_steps", "\(branch.continuation.arclengthSteps)"),
                        ("linear_algebra", CaseFile.jsonQuoted(linearAlgebra)),
                        ("dense_fallbacks", "\(branch.continuation.denseFallbacks)"),
                        ("eigenbasis_solves", "\(branch.continuation.eigenbasisFactorizations)"),
                        ("blas_threads", blasThreads.map { "\($0)" } ?? "null")]
            members += BifurcationReport.members(branch.continuation.status)
        case .failure(let reason):
            members += [("branch", CaseFile.jsonQuoted("undefined")), ("branch_error", CaseFile.jsonQuoted(reason.description))]
        }
        if let stability { members += stability.members(circuit: circuit) }
        if let pastFold { members += BifurcationReport.members(pastFold, circuit: circuit) }
        if let listing {
            let items = listing.map { solution in
                var fields = [("y", jsonArray(Array(solution.point[0..<n]))), ("a", jsonArray(Array(solution.point[n...]))),
                              ("residual_per_s", number(infinityNorm(circuit.vectorField(at: solution.point)))),
                              ("on_branch", "\(isOnBranch(solution.point))")]
                let report = StabilityReport(circuit: circuit, state: solution.point, certificate: false, conditionNumbers: false)
                if case .success(let spectrum) = report.spectrum {
                    fields += [("spectral_abscissa_per_s", number(spectrum.spectralAbscissa)),
                               ("spectral_abscissa_tau_max", number(spectrum.normalizedAbscissa(timeScale: circuit.slowestTimeConstant))),
                               ("verdict", CaseFile.jsonQuoted((report.decision?.verdict ?? spectrum.verdict).rawValue))]
                }
                return jsonObject(fields)
            }
            members.append(("fixed_points", "[" + items.joined(separator: ", ") + "]"))
        }
        return members
    }

    /// Which linear algebra the Newton systems used, and why (proofs/newton.md §7.10).
    func linearAlgebraLine(fallbacks: Int, eigenbasis: Int = 0) -> String {
        let n = circuit.neuronCount
        if linearAlgebra == "structured" {
            return "  linear algebra: structured, one \(n + 1) × \(n + 1) LU per Newton step (W has rank one)"
                + (eigenbasis > 0 ? ", \(eigenbasis) of them solved in O(n²) through the eigenbasis of the symmetric W_r instead" : "")
                + (fallbacks > 0 ? ", \(fallbacks) dense fallback(s)" : "")
        }
        let reason = requestedRoute == .dense ? "--route dense"
            : requestedRoute == .structured ? "W has no rank-one structure, so --route structured could not apply"
            : "W has no rank-one structure"
        return "  linear algebra: dense, one \(2 * n) × \(2 * n) LU per Newton step (\(reason))"
    }

    var text: String {
        let n = circuit.neuronCount
        var lines = ["\(path)\(circuit.name.map { " (\"\($0)\")" } ?? ""): n = \(n), variant \(circuit.variant.rawValue)"]
        switch branch {
        case .success(let branch):
            let path = branch.continuation
            if branch.reachedTarget {
                lines.append("  normalization branch: continued to t = 1 in \(path.steps) step(s)"
                             + (path.arclengthSteps > 0 ? " and \(path.arclengthSteps) pseudo-arclength step(s)" : "")
                             + ", \(path.newtonIterations) Newton iterations, smallest rcond \(path.minimumReciprocalCondition)")
            } else if case .passedBranchPoint = path.status {
                lines.append("  normalization branch: ends at a branch point; the curve was continued through it to t = 1 (below): a fixed point of this circuit, but not the normalization branch's")
            } else {
                lines.append("  normalization branch: \(path.status.label) at t = \(branch.parameterReached) after \(path.steps) step(s), smallest rcond \(path.minimumReciprocalCondition); the point below is the branch at that t, not a fixed point of this circuit")
            }
            lines.append(linearAlgebraLine(fallbacks: path.denseFallbacks, eigenbasis: path.eigenbasisFactorizations))
            lines += BifurcationReport.lines(path.status)
        case .failure(let reason):
            lines.append("  normalization branch undefined: \(reason)")
        }
        if let polished {
            lines.append("  Newton from \(polished.iterations == 0 ? "the given state" : "the given state (\(polished.iterations) iterations)"): \(polished.status.label)"
                         + (polished.isConverged ? (isOnBranch(polished.point) ? ", on the normalization branch" : ", another fixed point (not the branch's)") : ""))
        }
        if let x = point {
            lines.append("  i  y_i  a_i")
            for i in 0..<n { lines.append("  \(i + 1)  \(x[i])  \(x[n + i])") }
            lines.append("  ‖dx/dt‖∞ = \(infinityNorm(circuit.vectorField(at: x))) (1/s), max |F_i|/scale_i = \(scaledResidual(x)); converged: \(converged ? "yes" : "no")")
        }
        if let stability { lines += stability.lines(circuit: circuit) }
        if let pastFold { lines += BifurcationReport.lines(pastFold, circuit: circuit) }
        if let listing {
            lines.append("  \(listing.count) fixed point(s) found:")
            for (index, solution) in listing.enumerated() {
                let y = solution.point[0..<n].map { "\($0)" }.joined(separator: ", ")
                let a = solution.point[n...].map { "\($0)" }.joined(separator: ", ")
                lines.append("  [\(index + 1)]\(isOnBranch(solution.point) ? " (branch)" : "") y = [\(y)], a = [\(a)]")
                // Each fixed point's own stability (issue 18: positions alone were listed).
                let report = StabilityReport(circuit: circuit, state: solution.point, certificate: false, conditionNumbers: false)
                if case .success(let spectrum) = report.spectrum {
                    lines.append("      verdict: \((report.decision?.verdict ?? spectrum.verdict).rawValue) (α = \(human(spectrum.spectralAbscissa)) 1/s, "
                                 + "α·τ_max = \(human(spectrum.normalizedAbscissa(timeScale: circuit.slowestTimeConstant))))")
                } else {
                    lines.append("      verdict: no spectrum")
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    private func scaledResidual(_ x: [Double]) -> Double {
        let f = circuit.residual(at: x), scale = circuit.residualScale(at: x)
        return zip(f, scale).reduce(0) { max($0, $1.1 > 0 ? abs($1.0) / $1.1 : abs($1.0)) }
    }

    /// A JSON number (Swift's round-trip description), or null when not finite.
    private func number(_ value: Double) -> String { value.isFinite ? CaseFile.jsonNumber(value) : "null" }
}

extension LinearAlgebraRoute: ExpressibleByArgument {}
