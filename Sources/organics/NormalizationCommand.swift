import ArgumentParser
import CircuitModel
import Foundation

struct NormalizationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "normalization",
        abstract: "Print the closed-form normalization fixed point (W_r = identity only).",
        discussion: """
        For W_r = I the fixed point is explicit (proofs/model.md eqs. 1.4–1.6):
          a = c² + W (b∘z)²,  y = b∘z / √a   (variant paper),
        so the firing rates y² obey the divisive normalization equation
          y_i² = (b_i z_i)² / ((b0_i σ_i)² + Σ_j W_ij (b_j z_j)²).
        For the rectified variants, negative drives pass through unnormalized.
        A case with another W_r is refused (use 'organics solve', which continues the branch).

        Examples:
          organics normalization examples/identity.json
          organics normalization examples/identity.json --json > state.json
        """
    )

    @Argument(help: "The case file (JSON).")
    var caseFile: String

    @Flag(help: "Print {\"y\": [...], \"a\": [...], \"residual\": ...} as JSON (a state file for --at/--from).")
    var json = false

    func run() throws {
        let (circuit, state) = try refusingBadInput { () throws -> (Circuit, CircuitState) in
            let circuit = try loadCircuit(caseFile)
            do {
                return (circuit, try NormalizationFixedPoint.state(for: circuit))
            } catch {
                throw InputError(message: "\(caseFile): \(error)")
            }
        }
        let residual = infinityNorm(circuit.vectorField(at: state.flattened))
        if json {
            print(jsonObject([("y", jsonArray(state.y)), ("a", jsonArray(state.a)), ("residual", CaseFile.jsonNumber(residual))]))
            return
        }
        print("closed-form normalization fixed point of \(caseFile) (n = \(circuit.neuronCount), variant \(circuit.variant.rawValue))")
        // Human-facing: neurons 1..n, 12 significant digits, aligned (--json keeps every digit).
        let table = [["i", "y_i", "a_i", "y_i²"]] + (0..<circuit.neuronCount).map { i in
            ["\(i + 1)"] + [state.y[i], state.a[i], state.y[i] * state.y[i]].map { String(format: "%.12g", $0) }
        }
        let widths = (0..<4).map { column in table.map { $0[column].count }.max() ?? 0 }
        for row in table {
            print("  " + zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces))
        }
        print("‖dx/dt‖∞ at this state: \(residual) (1/s)")
    }
}
