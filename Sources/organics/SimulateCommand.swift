import ArgumentParser
import CircuitModel
import ComplexModule
import Dynamics
import Foundation
import Randomness

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Integrate a circuit from a start state, write the trajectory, classify the attractor.",
        discussion: """
        Integrates dx/dt = diag(1/τ) F(x) with an error-controlled method \
        (Dormand–Prince 5(4), switching to Rosenbrock 2(3) when the flow is stiff; \
        rtol 1e-8, atol 1e-11), not explicit Euler, whose dt = 0.05 τ shifts Re λ \
        of oscillatory modes by ≈ ω² dt/2 (docs/model-background.md §5). The attractor is classified as \
        fixed-point (entry into a certified region of attraction, below; or, where \
        none can be certified, ‖F‖ ≤ 1e-7 over 5 τ_max), limit-cycle (converged \
        Poincaré return map, Floquet multipliers inside the unit circle), divergent \
        (‖x‖∞ > 1e10 or non-finite) or undecided (budget of --t-end, default \
        2000 τ_max, extended up to 5× while the trajectory keeps approaching a \
        certified fixed point); τ_max is the slowest time constant.

        A settled state is polished by Newton and its spectrum classified (stable / \
        unstable / undecided); distances are to the normalization branch fixed \
        point (the closed form at W_r = I continued to the circuit's W_r, as \
        'organics solve').

        Start states (--from):
          closed-form    the normalization fixed point with W_r replaced by I,
                         a = c² + W (b∘z)², y = b∘z/√a: the literature's "norm" start
          first-order    closed-form plus its first-order correction in K = W_r − I:
                         the literature's "first_order" start (its phase diagrams)
          zero           y = 0, a = 0
          branch         the normalization-branch fixed point (default); if the branch
                         folds, the closed form, with a warning
          random         the branch start perturbed: y += 0.1·max|y|·g, a *= exp(0.1 g'),
                         g, g' standard normal, xoshiro256** seeded by --seed
          STATE.json     a state file {"y": [...], "a": [...]}
          normalization  deprecated alias of 'branch' (warns on stderr)

        A fixed-point verdict is given as soon as the trajectory enters a certified \
        region of attraction: a sublevel set of a Lyapunov function of the polished \
        fixed point on which the decrease is proved with a bound on the nonlinear \
        remainder (proofs/attractors.md). The JSON key 'outcome' says what was \
        reached relative to the branch: branch (within 1e-6 relative after Newton \
        polish), other-fixed-point, limit-cycle, diverging or undecided.

        --scheme literature-euler replays the literature's method instead, to show \
        what it would have reported: explicit Euler with dt = 0.05 τ_min from the \
        chosen start, chunks of 100 τ_max, at most 20 chunks; diverging if \
        non-finite or |x| > 1e10, fixed point when every per-step change over the \
        last half of a chunk is < 1e-6, periodic (limit-cycle) when the maxima of \
        ‖y‖ recur with period and amplitude spreads < 1e-2 (≥ 4 maxima), otherwise \
        undecided. Its verdicts are not ours: Euler at this step turns lightly damped \
        foci into growing oscillations (Re λ shifted by ≈ ω² dt/2).

        The CSV (--out) has columns t_s, y_1..y_n, a_1..a_n, one row every \
        τ_max/10 (every K-th with --every K); it is written atomically. The \
        classification goes to stdout.

        Examples:
          organics simulate case.json --out traj.csv --json
          organics simulate case.json --from first-order --json
          organics simulate case.json --from closed-form --scheme literature-euler
          organics simulate case.json --from random --seed 7 --t-end 2 \\
            --every 10 --out traj.csv
        """
    )

    @Argument(help: "The case file (JSON).")
    var caseFile: String

    @Option(help: "Start state: closed-form, first-order, zero, branch, random (needs --seed), or a state file path.")
    var from: String = "branch"

    @Option(help: "error-controlled (default) or literature-euler (replays the literature's explicit Euler method and classifier).")
    var scheme: String = "error-controlled"

    @Option(help: "Seed of the random start (with --from random).")
    var seed: UInt64?

    @Option(name: .customLong("t-end"), help: "Simulated time in seconds (default: a budget of 2000 τ_max for the classification; the --out trajectory then spans the time it needed plus max(50 %, 20 τ_max)).")
    var tEnd: Double?

    @Option(help: "Write the trajectory CSV to this path.")
    var out: String?

    @Option(help: "Keep every K-th sample (samples every τ_max/10).")
    var every: Int = 1

    @Option(name: .customLong("save-end"), help: "Write the end state as a state file {\"y\": [...], \"a\": [...]} (for solve --from, jacobian --at, spectrum --at).")
    var saveEnd: String?

    @Flag(name: .customLong("json"), help: "Print the classification as one JSON object.")
    var jsonFlag = false
    @Option(help: "Output format: text or json (--format json is --json; every command accepts both spellings).")
    var format: OutputFormat?
    /// JSON output, asked for as --json or --format json.
    var json: Bool { jsonFlag || format == .json }

    // Time-varying input: SimulateCommand+Schedule.swift.
    @Option(help: "Drive with a time-varying input z(t): CSV t_s,z_1..z_n or JSON segments (piecewise constant or linear).")
    var inputSchedule: String?

    func validate() throws {
        guard every >= 1 else { throw ValidationError("--every must be ≥ 1, found \(every)") }
        if let tEnd, !(tEnd.isFinite && tEnd > 0) {
            throw ValidationError("--t-end must be a finite number of seconds > 0, found \(tEnd)")
        }
        guard ["error-controlled", "literature-euler"].contains(scheme) else {
            throw ValidationError("--scheme must be error-controlled or literature-euler, found '\(scheme)'")
        }
        if scheme == "literature-euler", out != nil || tEnd != nil || every != 1 {
            throw ValidationError("--scheme literature-euler writes no trajectory and has its own budget (20 chunks of 100 τ_max): drop --out, --t-end, --every")
        }
        if from == "random", seed == nil { throw ValidationError("--from random needs --seed S") }
        if from != "random", seed != nil { throw ValidationError("--seed is only used with --from random") }
    }

    func run() throws {
        if let inputSchedule { return try runSchedule(inputSchedule) }
        let circuit = try refusingBadInput { try loadCircuit(caseFile) }
        let branch = CircuitDynamics.branchFixedPoint(of: circuit)
        let start = try refusingBadInput { try startState(for: circuit, branch: branch) }
        if scheme == "literature-euler" {
            printReplay(LiteratureEulerReplay().replay(
                vectorField: CircuitDynamics.vectorField(of: circuit), start: start.flattened, yCount: circuit.neuronCount,
                fastestTimeScale: min(circuit.tauY.min() ?? 0, circuit.tauA.min() ?? 0),
                slowestTimeScale: circuit.slowestTimeConstant), circuit: circuit, branch: branch)
            return
        }
        let duration = tEnd ?? 2000 * circuit.slowestTimeConstant
        let reference = branch
        let simulation: CircuitSimulation
        do {
            // Without --t-end the trajectory spans what the classification needed, plus a margin
            // (max(1.5 t, t + 20 τ_max)), not the whole budget: the transient fills the plot.
            let probe = try CircuitSimulation.run(circuit: circuit, from: start, duration: duration, reference: reference,
                                                  recordTrajectory: out != nil && tEnd != nil)
            if out != nil, tEnd == nil {
                let classified = probe.classification.finalTime, tau = circuit.slowestTimeConstant
                let span = min(duration, max(1.5 * classified, classified + 20 * tau))
                let recorded = try CircuitSimulation.run(circuit: circuit, from: start, duration: span, reference: reference,
                                                         recordTrajectory: true)
                simulation = probe.replacingTrajectory(with: recorded)
            } else {
                simulation = probe
            }
        } catch {
            Terminal.printError("\(caseFile): \(error)")
            throw ExitCode(1)
        }
        if let saveEnd {
            let end = CircuitState(flattened: simulation.classification.finalState)
            do {
                try AtomicFile.write(jsonObject([("y", jsonArray(end.y)), ("a", jsonArray(end.a))]) + "\n", to: saveEnd)
            } catch {
                Terminal.printError("\(error)")
                throw ExitCode(1)
            }
        }
        if let out {
            do {
                try AtomicFile.write(csv(simulation, neuronCount: circuit.neuronCount), to: out)
            } catch {
                Terminal.printError("\(error)")
                throw ExitCode(1)
            }
        }
        let result = simulation.classification
        let outcome = AttractorOutcome(result, branch: branch?.flattened)
        if json {
            print(classificationJSON(result, outcome: outcome, circuit: circuit, duration: duration))
            return
        }
        print("\(caseFile): \(result.kind.rawValue) after \(human(result.finalTime)) s (τ_max = \(human(circuit.slowestTimeConstant)) s); outcome \(outcome.rawValue)")
        print("  \(result.reason)")
        if let point = result.fixedPoint {
            print("  spectral abscissa \(human(point.spectralAbscissa)) 1/s (λτ_max = \(human(point.spectralAbscissa * circuit.slowestTimeConstant))), verdict \(point.verdict?.rawValue ?? "not computed")")
            if let distance = point.distanceToReference { print("  distance to the normalization branch fixed point: \(distance)") }
            if let basin = point.basin {
                print("  certified region: V ≤ \(basin.level), inside the ball of radius \(basin.radius); the trajectory stays within \(basin.limitRadius) of the fixed point")
            }
        }
        if let cycle = result.limitCycle {
            print("  period \(cycle.period) s, amplitude \(cycle.amplitude) (coordinate \(cycle.sectionCoordinate))")
            print("  largest non-trivial Floquet multiplier |μ| = \(cycle.largestNontrivialMultiplier)")
        }
        print("  \(result.statistics.acceptedSteps) steps, \(result.statistics.functionEvaluations) evaluations")
        if let out {
            // Rows written: samples 0, K, 2K, … (the header not counted).
            let rows = (simulation.times.count + every - 1) / every
            print("trajectory: \(out) (\(rows) rows" + (every > 1 ? " of \(simulation.times.count) samples, every \(every)-th)" : ")"))
        }
    }

    /// The literature replay's verdict; a fixed point is polished by Newton only to say whether
    /// it is the branch's (`outcome`).
    private func printReplay(_ verdict: LiteratureEulerReplay.Verdict, circuit: Circuit, branch: CircuitState?) {
        var outcome: AttractorOutcome
        switch verdict.kind {
        case .divergent: outcome = .diverging
        case .limitCycle: outcome = .limitCycle
        case .undecided: outcome = .undecided
        case .fixedPoint:
            outcome = .otherFixedPoint
            if let branch, let polished = FixedPointPolish.standard.polished(circuit: circuit, state: verdict.finalState),
               AttractorOutcome.isBranch(polished, branch: branch.flattened) {
                outcome = .branch
            }
        }
        if json {
            let final = CircuitState(flattened: verdict.finalState)
            print(jsonObject([
                ("case", CaseFile.jsonQuoted(caseFile)), ("from", CaseFile.jsonQuoted(from)),
                ("seed", seed.map { "\($0)" } ?? "null"), ("scheme", CaseFile.jsonQuoted(scheme)),
                ("tau_max_s", number(circuit.slowestTimeConstant)),
                ("kind", CaseFile.jsonQuoted(verdict.kind.rawValue)), ("outcome", CaseFile.jsonQuoted(outcome.rawValue)),
                ("reason", CaseFile.jsonQuoted(verdict.reason)), ("final_time_s", number(verdict.finalTime)),
                ("period_s", verdict.period.map(number) ?? "null"), ("steps", "\(verdict.steps)"),
                ("final_state", jsonObject([("y", numbers(final.y)), ("a", numbers(final.a))])),
            ], indent: true))
            return
        }
        print("\(caseFile): literature-euler replay: \(verdict.kind.rawValue) after \(verdict.finalTime) s; outcome \(outcome.rawValue)")
        print("  \(verdict.reason)")
        print("  \(verdict.steps) Euler steps of 0.05 τ_min")
    }

    func startState(for circuit: Circuit, branch: CircuitState?) throws -> CircuitState {
        let name: CircuitStart
        if let named = CircuitStart(rawValue: from) {
            name = named
        } else if let alias = CircuitStart.deprecatedAliases[from] {
            Terminal.printWarning("--from \(from) is deprecated: it means --from \(alias.rawValue) (the branch fixed point)")
            name = alias
        } else {
            do {
                return try CircuitState.load(path: from, neuronCount: circuit.neuronCount)
            } catch {
                throw InputError(message: "\(error)")
            }
        }
        let start: CircuitStart.StartState
        do {
            start = try name.state(for: circuit, branch: branch, seed: seed ?? 0)
        } catch {
            throw InputError(message: "\(caseFile): \(error)")
        }
        if start.usedClosedFormForLostBranch {
            Terminal.printWarning("\(caseFile): the normalization branch did not reach W_r (fold?); starting from the closed form at W_r = I")
        }
        return start.state
    }

    private func csv(_ simulation: CircuitSimulation, neuronCount n: Int) -> String {
        var lines = ["t_s," + ((1...n).map { "y_\($0)" } + (1...n).map { "a_\($0)" }).joined(separator: ",")]
        for k in stride(from: 0, to: simulation.times.count, by: every) {
            lines.append(([simulation.times[k]] + simulation.states[k]).map { "\($0)" }.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func classificationJSON(_ result: AttractorClassification, outcome: AttractorOutcome, circuit: Circuit,
                                    duration: Double) -> String {
        let n = circuit.neuronCount
        let tau = circuit.slowestTimeConstant
        let final = CircuitState(flattened: result.finalState)
        var members: [(String, String)] = [
            ("case", CaseFile.jsonQuoted(caseFile)),
            ("from", CaseFile.jsonQuoted(from)),
            ("seed", seed.map { "\($0)" } ?? "null"),
            ("t_end_s", number(duration)),
            ("tau_max_s", number(tau)),
            ("kind", CaseFile.jsonQuoted(result.kind.rawValue)),
            ("outcome", CaseFile.jsonQuoted(outcome.rawValue)),
            ("scheme", CaseFile.jsonQuoted(scheme)),
            ("reason", CaseFile.jsonQuoted(result.reason)),
            ("final_time_s", number(result.finalTime)),
            ("final_state", jsonObject([("y", numbers(final.y)), ("a", numbers(final.a))])),
        ]
        if let point = result.fixedPoint {
            let state = CircuitState(flattened: point.polishedState ?? point.settledState)
            members.append(("fixed_point", jsonObject([
                ("y", numbers(state.y)), ("a", numbers(state.a)),
                ("polished", "\(point.polishedState != nil)"),
                ("residual_F_inf", number(point.scaledResidual)),
                ("distance_to_branch", point.distanceToReference.map(number) ?? "null"),
                ("spectral_abscissa_per_s", number(point.spectralAbscissa)),
                ("spectral_abscissa_tau_max", number(point.spectralAbscissa * tau)),
                ("leading_frequency_hz", point.spectrum.map { number($0.leadingFrequency) } ?? "null"),
                ("verdict", point.verdict.map { CaseFile.jsonQuoted($0.rawValue) } ?? "null"),
                ("certified_region", point.basin.map { basin in jsonObject([
                    ("level", number(basin.level)), ("radius", number(basin.radius)),
                    ("limit_radius", number(basin.limitRadius)),
                    ("second_derivative_bound", number(basin.secondDerivativeBound)),
                    ("lyapunov_eigenvalues", numbers([basin.smallestEigenvalue, basin.largestEigenvalue])),
                ]) } ?? "null"),
            ])))
        } else {
            members.append(("fixed_point", "null"))
        }
        if let cycle = result.limitCycle {
            members.append(("limit_cycle", jsonObject([
                ("period_s", number(cycle.period)),
                ("amplitude", number(cycle.amplitude)),
                ("section_coordinate", CaseFile.jsonQuoted(coordinateName(cycle.sectionCoordinate, n: n))),
                ("section_level", number(cycle.sectionLevel)),
                ("amplitudes_y", numbers(Array(cycle.amplitudes[0..<n]))),
                ("amplitudes_a", numbers(Array(cycle.amplitudes[n...]))),
                ("floquet_multipliers", "[" + cycle.floquetMultipliers.map { "[\(number($0.real)), \(number($0.imaginary))]" }
                    .joined(separator: ", ") + "]"),
                ("largest_nontrivial_multiplier", number(cycle.largestNontrivialMultiplier)),
                ("trivial_multiplier_error", number(cycle.trivialMultiplierError)),
            ])))
        } else {
            members.append(("limit_cycle", "null"))
        }
        members += [
            ("steps", "\(result.statistics.acceptedSteps)"),
            ("rejected_steps", "\(result.statistics.rejectedSteps)"),
            ("function_evaluations", "\(result.statistics.functionEvaluations)"),
            ("switched_to_rosenbrock_at_s", result.statistics.switchedToRosenbrockAt.map(number) ?? "null"),
        ]
        return jsonObject(members, indent: true)
    }

    /// JSON has no NaN or infinity: those become null.
    private func number(_ value: Double) -> String { value.isFinite ? CaseFile.jsonNumber(value) : "null" }

    private func numbers(_ values: [Double]) -> String { "[" + values.map(number).joined(separator: ", ") + "]" }

    /// "y_3" or "a_2" (1-based, as in the CSV header).
    private func coordinateName(_ index: Int, n: Int) -> String {
        index < n ? "y_\(index + 1)" : "a_\(index - n + 1)"
    }
}
