import ArgumentParser
import CircuitModel
import Foundation

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a case file and summarize the circuit and the stability theorem's hypotheses.",
        discussion: """
        Refuses malformed JSON, unknown or missing keys, wrong lengths, ragged
        matrices, non-finite numbers, n < 1, time constants ≤ 0, (b0·sigma)² = 0 and
        unknown variants, with a message naming the key, index and value, and exit
        status 64. A W with negative entries is accepted but reported as outside
        Theorem 1.

        Any vector or matrix key may name a NumPy array file, relative to the case
        file's directory and inside it: {"npy": "W_r.npy"} or {"npz": "layer.npz",
        "key": "W_r"} (float64/float32, either byte order, C or Fortran order,
        format 1.0-3.0; docs/numpy-arrays.md). validate lists each array read with its
        shape and dtype. With --write-case OUT --npy-dir DIR it rewrites the case with
        its matrices and non-uniform vectors as .npy files in DIR (relative to OUT).

        Example:
          organics validate case.json --json
          organics validate big.json --write-case out/big.json --npy-dir arrays
        """
    )

    @Argument(help: "The case file (JSON, see README.md).")
    var caseFile: String

    @Flag(help: "Print the summary as one JSON object.")
    var json = false

    @Option(help: "Also write the circuit as a case file here (needs --npy-dir).")
    var writeCase: String?

    @Option(help: "With --write-case: directory, relative to that file, for its arrays as .npy files.")
    var npyDir: String?

    func validate() throws {
        guard (writeCase == nil) == (npyDir == nil) else { throw ValidationError("--write-case and --npy-dir go together") }
        if let writeCase, URL(fileURLWithPath: writeCase).standardized.path == URL(fileURLWithPath: caseFile).standardized.path {
            throw ValidationError("--write-case would overwrite the case file \(caseFile)")
        }
    }

    func run() throws {
        // Every problem, not only the first: each key is checked on its own.
        let problems = CaseFile.problems(path: caseFile)
        if problems.count > 1 {
            Terminal.printError("\(caseFile): \(problems.count) problems:\n" + problems.map { "  - \($0)" }.joined(separator: "\n"))
            throw ExitCode(64)
        }
        let (circuit, arrays) = try refusingBadInput { try loadCircuitReportingArrays(caseFile) }
        if let writeCase, let npyDir {
            do {
                try CaseFile.write(circuit, to: writeCase, arrayDirectory: npyDir)
            } catch {
                Terminal.printError("\(error)")
                throw ExitCode(error.isInputError ? 64 : 1)
            }
        }
        let hypotheses = circuit.theoremHypotheses
        if !hypotheses.normalizationWeightsNonnegative {
            Terminal.printWarning("\(caseFile): W has negative entries, outside the hypotheses of the stability theorem")
        }
        if json {
            print(jsonObject([
                ("case", CaseFile.jsonQuoted(caseFile)),
                ("name", circuit.name.map(CaseFile.jsonQuoted) ?? "null"),
                ("n", "\(circuit.neuronCount)"),
                ("variant", CaseFile.jsonQuoted(circuit.variant.rawValue)),
                ("W_r", CaseFile.jsonQuoted(describe(circuit.recurrentWeights))),
                ("W", CaseFile.jsonQuoted(describe(circuit.normalizationWeights))),
                ("W_nonnegative", "\(hypotheses.normalizationWeightsNonnegative)"),
                ("W_r_identity", "\(hypotheses.recurrentWeightsIdentity)"),
                ("pool_positive", "\(hypotheses.poolConstantPositive)"),
                ("variant_paper", "\(hypotheses.variantIsPaper)"),
                ("theorem1_applies", "\(hypotheses.allHold)"),
                ("arrays", arraysJSON(arrays)),
            ], indent: true))
            return
        }
        print("\(caseFile): valid\(circuit.name.map { " (\"\($0)\")" } ?? "")")
        print("  n = \(circuit.neuronCount), variant \(circuit.variant.rawValue), state dimension \(circuit.stateDimension)")
        print("  W_r: \(describe(circuit.recurrentWeights)); W: \(describe(circuit.normalizationWeights))")
        for source in arrays {
            let origin = source.member.map { "\(source.file)[\"\($0)\"]" } ?? source.file
            print("  \(source.key) from \(origin): \(source.elementType.name) '\(source.elementType.rawValue)', shape \(NumPyArray.shapeText(source.shape)), \(source.fortranOrder ? "Fortran" : "C") order, format \(source.version)")
        }
        print("  c² = (b0·sigma)² ranges over [\(human(circuit.poolConstant.min() ?? 0)), \(human(circuit.poolConstant.max() ?? 0))]")
        print("  tau_y ∈ [\(human(circuit.tauY.min() ?? 0)), \(human(circuit.tauY.max() ?? 0))] s, "
              + "tau_a ∈ [\(human(circuit.tauA.min() ?? 0)), \(human(circuit.tauA.max() ?? 0))] s")
        print("Theorem 1 (proofs/theorem1.md) hypotheses:")
        print("  W ≥ 0 entrywise:  \(mark(hypotheses.normalizationWeightsNonnegative))")
        print("  W_r = I:          \(mark(hypotheses.recurrentWeightsIdentity))")
        print("  c² > 0:           \(mark(hypotheses.poolConstantPositive))")
        print("  variant paper:    \(mark(hypotheses.variantIsPaper))")
        if hypotheses.allHold {
            print("  → all hold: the fixed point is asymptotically stable (Theorem 1).")
        } else {
            print("  → outside Theorem 1: stability must be computed (organics solve / spectrum).")
        }
    }

    private func arraysJSON(_ arrays: [ArraySource]) -> String {
        let objects: [String] = arrays.map { source in
            let shape = "[" + source.shape.map(String.init).joined(separator: ", ") + "]"
            let members: [(String, String)] = [
                ("key", CaseFile.jsonQuoted(source.key)), ("file", CaseFile.jsonQuoted(source.file)),
                ("npz_key", source.member.map(CaseFile.jsonQuoted) ?? "null"), ("shape", shape),
                ("dtype", CaseFile.jsonQuoted(source.elementType.rawValue)), ("fortran_order", "\(source.fortranOrder)"),
                ("npy_version", CaseFile.jsonQuoted(source.version)),
            ]
            return jsonObject(members)
        }
        return "[" + objects.joined(separator: ", ") + "]"
    }

    private func mark(_ holds: Bool) -> String { holds ? "yes" : "no" }

    private func describe(_ weights: WeightMatrix) -> String {
        switch weights {
        case .identity: return "identity"
        case .ones: return "ones"
        case .dense(let matrix):
            let negatives = matrix.elements.filter { $0 < 0 }.count
            return "dense \(matrix.rows)×\(matrix.columns)" + (weights.isIdentity ? " (equal to identity)" : "")
                + (negatives > 0 ? ", \(negatives) negative entries" : "")
        }
    }
}
