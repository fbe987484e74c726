import ArgumentParser
import CircuitModel

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

        Example:
          organics validate case.json --json
        """
    )

    @Argument(help: "The case file (JSON, see README.md).")
    var caseFile: String

    @Flag(help: "Print the summary as one JSON object.")
    var json = false

    func run() throws {
        let circuit = try refusingBadInput { try loadCircuit(caseFile) }
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
            ], indent: true))
            return
        }
        print("\(caseFile): valid\(circuit.name.map { " (\"\($0)\")" } ?? "")")
        print("  n = \(circuit.neuronCount), variant \(circuit.variant.rawValue), state dimension \(circuit.stateDimension)")
        print("  W_r: \(describe(circuit.recurrentWeights)); W: \(describe(circuit.normalizationWeights))")
        print("  c² = (b0·sigma)² ranges over [\(circuit.poolConstant.min() ?? 0), \(circuit.poolConstant.max() ?? 0)]")
        print("  tau_y ∈ [\(circuit.tauY.min() ?? 0), \(circuit.tauY.max() ?? 0)] s, tau_a ∈ [\(circuit.tauA.min() ?? 0), \(circuit.tauA.max() ?? 0)] s")
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
