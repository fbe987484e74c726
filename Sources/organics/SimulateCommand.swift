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
        Integrates dx/dt = diag(1/τ) F(x) with an error-controlled method
        (Dormand–Prince 5(4), switching to Rosenbrock 2(3) when the flow is stiff;
        rtol 1e-8, atol 1e-11), not explicit Euler, whose dt = 0.05 τ shifts Re λ
        of oscillatory modes by ≈ ω² dt/2 (docs/model-background.md §5). The attractor is classified
        as fixed-point (‖F‖ ≤ 1e-7 over 5 τ_max), limit-cycle (converged Poincaré
        return map, Floquet multipliers inside the unit circle), divergent
        (‖x‖∞ > 1e10 or non-finite) or undecided (time spent); τ_max is the
        slowest time constant.

        A settled state is polished by Newton and its spectrum classified (stable /
        unstable / undecided); distances are to the normalization branch fixed
        point (the closed form at W_r = I continued to the circuit's W_r, as
        'organics solve').

        Start states (--from):
          normalization  the branch fixed point; if the branch folds, the closed
                         form at W_r = I, with a warning
          STATE.json     a state file {"y": [...], "a": [...]}
          random         that start perturbed: y += 0.1·max|y|·g, a *= exp(0.1 g'),
                         g, g' standard normal, xoshiro256** seeded by --seed

        The CSV (--out) has columns t_s, y_1..y_n, a_1..a_n, one row every
        τ_max/10 (every K-th with --every K); it is written atomically. The
        classification goes to stdout.

        Examples:
          organics simulate case.json --out traj.csv --json
          organics simulate case.json --from random --seed 7 --t-end 2 \\
            --every 10 --out traj.csv
        """
    )

    @Argument(help: "The case file (JSON).")
    var caseFile: String

    @Option(help: "Start state: 'normalization', 'random' (needs --seed), or a state file path.")
    var from: String = "normalization"

    @Option(help: "Seed of the random start (with --from random).")
    var seed: UInt64?

    @Option(name: .customLong("t-end"), help: "Simulated time in seconds (default 2000 τ_max).")
    var tEnd: Double?

    @Option(help: "Write the trajectory CSV to this path.")
    var out: String?

    @Option(help: "Keep every K-th sample (samples every τ_max/10).")
    var every: Int = 1

    @Flag(help: "Print the classification as one JSON object.")
    var json = false

    func validate() throws {
        guard every >= 1 else { throw ValidationError("--every must be ≥ 1, found \(every)") }
        if let tEnd, !(tEnd.isFinite && tEnd > 0) {
            throw ValidationError("--t-end must be a finite number of seconds > 0, found \(tEnd)")
        }
        if from == "random", seed == nil { throw ValidationError("--from random needs --seed S") }
        if from != "random", seed != nil { throw ValidationError("--seed is only used with --from random") }
    }

    func run() throws {
        let circuit = try refusingBadInput { try loadCircuit(caseFile) }
        let branch = CircuitDynamics.branchFixedPoint(of: circuit)
        let start = try refusingBadInput { try startState(for: circuit, branch: branch) }
        let duration = tEnd ?? 2000 * circuit.slowestTimeConstant
        let reference = branch
        let simulation: CircuitSimulation
        do {
            simulation = try CircuitSimulation.run(circuit: circuit, from: start, duration: duration, reference: reference)
        } catch {
            Terminal.printError("\(caseFile): \(error)")
            throw ExitCode(1)
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
        if json {
            print(classificationJSON(result, circuit: circuit, duration: duration))
            return
        }
        print("\(caseFile): \(result.kind.rawValue) after \(result.finalTime) s (τ_max = \(circuit.slowestTimeConstant) s)")
        print("  \(result.reason)")
        if let point = result.fixedPoint {
            print("  spectral abscissa \(point.spectralAbscissa) 1/s (λτ_max = \(point.spectralAbscissa * circuit.slowestTimeConstant)), verdict \(point.verdict?.rawValue ?? "not computed")")
            if let distance = point.distanceToReference { print("  distance to the normalization branch fixed point: \(distance)") }
        }
        if let cycle = result.limitCycle {
            print("  period \(cycle.period) s, amplitude \(cycle.amplitude) (coordinate \(cycle.sectionCoordinate))")
            print("  largest non-trivial Floquet multiplier |μ| = \(cycle.largestNontrivialMultiplier)")
        }
        print("  \(result.statistics.acceptedSteps) steps, \(result.statistics.functionEvaluations) evaluations")
        if let out { print("trajectory: \(out) (\(simulation.times.count) samples, every \(every))") }
    }

    private func startState(for circuit: Circuit, branch: CircuitState?) throws -> CircuitState {
        guard from == "normalization" || from == "random" else {
            do {
                return try CircuitState.load(path: from, neuronCount: circuit.neuronCount)
            } catch {
                throw InputError(message: "\(error)")
            }
        }
        let normalization: CircuitState
        if let branch {
            normalization = branch
        } else {
            do {
                normalization = try CircuitDynamics.normalizationStart(of: circuit)
            } catch {
                throw InputError(message: "\(caseFile): \(error)")
            }
            Terminal.printWarning("\(caseFile): the normalization branch did not reach W_r (fold?); starting from the closed form at W_r = I")
        }
        switch from {
        case "normalization":
            return normalization
        case "random":
            var generator = Xoshiro256StarStar(seed: seed ?? 0)
            return CircuitDynamics.randomStart(near: normalization, using: &generator)
        default:
            return normalization
        }
    }

    private func csv(_ simulation: CircuitSimulation, neuronCount n: Int) -> String {
        var lines = ["t_s," + ((1...n).map { "y_\($0)" } + (1...n).map { "a_\($0)" }).joined(separator: ",")]
        for k in stride(from: 0, to: simulation.times.count, by: every) {
            lines.append(([simulation.times[k]] + simulation.states[k]).map { "\($0)" }.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func classificationJSON(_ result: AttractorClassification, circuit: Circuit, duration: Double) -> String {
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
