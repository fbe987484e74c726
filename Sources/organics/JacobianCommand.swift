import ArgumentParser
import CircuitModel
import FixedPointSolver
import JacobianBuilder

/// `organics jacobian CASE.json [--at normalization|STATE.json] [--format …] [--matrix …]`:
/// the symbolic blocks (proofs/jacobian.md eq. 3.15) and the numeric Jacobian at a state.
/// Parsing and printing only; the mathematics is `JacobianBuilder`.
struct JacobianCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jacobian",
        abstract: "Print the symbolic Jacobian blocks and the numeric Jacobian at a state.",
        discussion: """
        The Jacobian of the flow, J = diag(1/τ)·DF, in state order (y_1..y_n,
        a_1..a_n) (proofs/jacobian.md eqs. 3.10, 3.14); --matrix residual prints DF
        (Newton's matrix). The state (--at) is the normalization fixed point — the
        closed form for W_r = identity, otherwise the branch continued from it as in
        'organics solve' — or a state file {"y": [...], "a": [...]}. Where a rectifier
        argument is exactly 0 (y_j = 0, (W_r y)_i = 0 or a_i = 0) the field is not
        differentiable: the printed matrix is the left derivative (H(0) = 0) and a
        warning names the kinks.

        Examples:
          organics jacobian case.json
          organics jacobian case.json --at state.json --format json
          organics jacobian case.json --format latex
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, latex, json, csv
    }

    enum MatrixKind: String, ExpressibleByArgument, CaseIterable {
        case flow, residual
    }

    @Argument(help: "The case file (JSON).")
    var caseFile: String

    @Option(help: "Where to evaluate: 'normalization' (the closed form for W_r = identity, else the continued branch) or a state file.")
    var at: String = "normalization"

    @Option(help: "Output format: text, latex, json or csv (csv: the matrix only).")
    var format: Format = .text

    @Flag(help: "Same as --format json (every command accepts both spellings).")
    var json = false

    @Option(help: "flow: diag(1/τ)·DF (stability); residual: DF (Newton).")
    var matrix: MatrixKind = .flow

    func run() throws {
        let (circuit, state) = try refusingBadInput { () throws -> (Circuit, CircuitState) in
            let circuit = try loadCircuit(caseFile)
            return (circuit, try loadState(for: circuit))
        }
        let builder = JacobianBuilder()
        let evaluation = matrix == .flow
            ? builder.flowJacobian(of: circuit, at: state)
            : builder.residualJacobian(of: circuit, at: state)
        if !evaluation.isDifferentiable {
            Terminal.printWarning("\(caseFile): the field is not differentiable at this state ("
                + evaluation.kinks.map(\.description).joined(separator: ", ")
                + "); printing the left derivative, H(0) = 0")
        }
        let report = JacobianReport(caseFile: caseFile, circuit: circuit, state: state, evaluation: evaluation)
        switch json ? .json : format {
        case .text: print(report.text())
        case .latex: print(report.latex())
        case .json: print(report.json())
        case .csv: print(report.csv(), terminator: "")
        }
    }

    private func loadState(for circuit: Circuit) throws -> CircuitState {
        if at == "normalization" {
            if circuit.recurrentWeights.isIdentity {
                do {
                    return try NormalizationFixedPoint.state(for: circuit)
                } catch {
                    throw InputError(message: "\(caseFile): \(error); pass --at STATE.json for another state")
                }
            }
            let branch: BranchSolution
            do { branch = try CircuitFixedPointSolver().normalizationBranch(of: circuit) } catch {
                throw InputError(message: "\(caseFile): \(error); pass --at STATE.json for another state")
            }
            guard branch.isConverged else {
                throw InputError(message: "\(caseFile): the normalization branch \(branch.branchLabel) at t = \(branch.parameterReached); pass --at STATE.json to evaluate elsewhere")
            }
            return branch.state
        }
        do {
            return try CircuitState.load(path: at, neuronCount: circuit.neuronCount)
        } catch {
            throw InputError(message: "\(error)")
        }
    }
}


/// The printed forms of `organics jacobian` (text, LaTeX, JSON, CSV).
struct JacobianReport {
    let caseFile: String
    let circuit: Circuit
    let state: CircuitState
    let evaluation: JacobianEvaluation

    private var n: Int { circuit.neuronCount }
    private var isFlow: Bool { evaluation.kind == .flow }
    /// 1-based, as everywhere in the tool's human-facing output and CSV headers (y_1..y_n).
    private var stateNames: [String] { (1...n).map { "y_\($0)" } + (1...n).map { "a_\($0)" } }
    /// Row-major entries, −0 printed as 0.
    private var rows: [[Double]] { evaluation.matrix.rowMajorArrays().map { $0.map { $0 == 0 ? 0 : $0 } } }

    func text() -> String {
        let blocks = JacobianBuilder.symbolicBlocks(for: circuit.variant, latex: false)
        let scale = isFlow ? ["diag(1/tau_y) * ", "diag(1/tau_a) * "] : ["", ""]
        func scaled(_ prefix: String, _ block: String) -> String {
            prefix.isEmpty || !(block.contains(" + ") || block.contains(" - ")) ? prefix + block : "\(prefix)(\(block))"
        }
        var lines = [
            "Jacobian of \(caseFile) (n = \(n), variant \(circuit.variant.rawValue)), state order y_1..y_\(n), a_1..a_\(n)",
            "\(isFlow ? "J = diag(1/tau)*DF" : "DF") in blocks (a > 0; r = W_r phi(y), products elementwise inside diag):",
            "  yy: \(scaled(scale[0], blocks.yy))",
            "  ya: \(scaled(scale[0], blocks.ya))",
            "  ay: \(scaled(scale[1], blocks.ay))",
            "  aa: \(scaled(scale[1], blocks.aa))",
            "at y = \(state.y)",
            "   a = \(state.a)",
            "kinks: \(evaluation.kinks.isEmpty ? "none (differentiable)" : evaluation.kinks.map(\.description).joined(separator: ", "))",
            "matrix (row-major, \(2 * n) × \(2 * n)):",
        ]
        lines += rows.map { "  " + $0.map { "\($0)" }.joined(separator: "  ") }
        return lines.joined(separator: "\n")
    }

    func latex() -> String {
        let body = rows.map { $0.map { "\($0)" }.joined(separator: " & ") }.joined(separator: " \\\\\n")
        return JacobianBuilder.blockLaTeX(for: circuit.variant, flow: isFlow) + "\n\n"
            + "\(isFlow ? "J" : "DF")(x) = \\begin{pmatrix}\n\(body)\n\\end{pmatrix}"
    }

    func json() -> String {
        let blocks = JacobianBuilder.symbolicBlocks(for: circuit.variant, latex: false)
        let kinks = evaluation.kinks.map {
            jsonObject([("neuron", "\($0.neuron)"), ("location", CaseFile.jsonQuoted($0.location.rawValue))])
        }
        return jsonObject([
            ("case", CaseFile.jsonQuoted(caseFile)),
            ("variant", CaseFile.jsonQuoted(circuit.variant.rawValue)),
            ("n", "\(n)"),
            ("kind", CaseFile.jsonQuoted(evaluation.kind.rawValue)),
            ("y", jsonArray(state.y)),
            ("a", jsonArray(state.a)),
            ("blocks", jsonObject([("yy", blocks.yy), ("ya", blocks.ya), ("ay", blocks.ay), ("aa", blocks.aa)]
                .map { ($0.0, CaseFile.jsonQuoted($0.1)) })),
            ("latex", CaseFile.jsonQuoted(JacobianBuilder.blockLaTeX(for: circuit.variant, flow: isFlow))),
            ("differentiable", "\(evaluation.isDifferentiable)"),
            ("kinks", "[" + kinks.joined(separator: ", ") + "]"),
            ("matrix", "[" + rows.map(jsonArray).joined(separator: ",\n    ") + "]"),
        ], indent: true)
    }

    /// Header "row,y_1,…,a_n", then one line per row, named by its state variable.
    func csv() -> String {
        var text = "row," + stateNames.joined(separator: ",") + "\n"
        for (name, row) in zip(stateNames, rows) {
            text += name + "," + row.map { "\($0)" }.joined(separator: ",") + "\n"
        }
        return text
    }
}
