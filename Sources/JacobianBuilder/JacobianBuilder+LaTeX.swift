import CircuitModel
import Symbolic

extension JacobianBuilder {
    /// The flow Jacobian of `variant` as LaTeX block formulas, proofs/jacobian.md eq. (3.15):
    /// eq. (3.10) with each local partial printed symbolically under the assumption a > 0
    /// (so √max(a,0) is √a and H(a) = 1), vectors acting elementwise inside diag(·).
    /// Unit diagonals print as ±I and factors diag(1) are dropped. For `paper` this is the
    /// block formula of MATH.md §2 with s = √a and r = u = W_r y.
    /// - Parameter flow: true for diag(1/τ)·DF, false for DF.
    public static func blockLaTeX(for variant: CircuitVariant, flow: Bool = true) -> String {
        let blocks = symbolicBlocks(for: variant, latex: true)
        let scaleY = flow ? "\\operatorname{diag}(1/\\tau_y)" : ""
        let scaleA = flow ? "\\operatorname{diag}(1/\\tau_a)" : ""
        func scaled(_ scale: String, _ block: String) -> String {
            guard !scale.isEmpty else { return block }
            return block.contains(" + ") || block.hasPrefix("-") ? "\(scale) \\left(\(block)\\right)" : "\(scale) \(block)"
        }
        let name = flow ? "J" : "DF"
        return """
        \(name) = \\begin{pmatrix}
        \(scaled(scaleY, blocks.yy)) & \(scaled(scaleY, blocks.ya)) \\\\
        \(scaled(scaleA, blocks.ay)) & \(scaled(scaleA, blocks.aa))
        \\end{pmatrix}
        """
    }

    /// The four blocks of DF for `variant` as text (LaTeX when `latex`, else plain text with
    /// `diag(…)`, `I`, `W_r`, `W`), a > 0 assumed; order yy, ya, ay, aa.
    public static func symbolicBlocks(for variant: CircuitVariant, latex: Bool)
        -> (yy: String, ya: String, ay: String, aa: String) {
        let model = LocalModel(variant: variant)
        let partials = LocalDerivatives(of: model, assuming: Assumptions(positive: [LocalModel.Symbol.modulator]))
        let printer = BlockPrinter(latex: latex)
        return (printer.block(diagonal: partials.dFieldYdActivity, rows: partials.dFieldYdRecurrentInput,
                              weights: "W_r", columns: partials.dTransferdActivity),
                printer.block(diagonal: partials.dFieldYdModulator, rows: .zero, weights: "", columns: .zero),
                printer.block(diagonal: partials.dFieldAdActivity, rows: partials.dFieldAdPool,
                              weights: "W", columns: partials.dDrivedActivity),
                printer.block(diagonal: partials.dFieldAdModulator, rows: partials.dFieldAdPool,
                              weights: "W", columns: partials.dDrivedModulator))
    }
}

/// Prints diag(d) + diag(r) M diag(c) with the simplifications of `blockLaTeX`.
private struct BlockPrinter {
    let latex: Bool

    /// Local symbol u is the recurrent input; for printing it is r (= W_r φ(y)).
    private func text(_ e: Expression) -> String {
        let recurrent = LocalModel.Symbol.recurrentInput
        if latex { return e.latex { $0 == recurrent ? "r" : Expression.defaultLaTeXName($0) } }
        return e.plainText { $0 == recurrent ? "r" : $0 }
    }

    private func diag(_ e: Expression) -> String {
        latex ? "\\operatorname{diag}\\left(\(text(e))\\right)" : "diag(\(text(e)))"
    }

    func block(diagonal: Expression, rows: Expression, weights: String, columns: Expression) -> String {
        var terms: [String] = []
        switch diagonal {
        case .zero: break
        case .one: terms.append("I")
        case Expression.integer(-1): terms.append("-I")
        default: terms.append(diag(diagonal))
        }
        if rows != .zero, columns != .zero {
            var factors: [String] = []
            var sign = ""
            if rows == Expression.integer(-1) { sign = "-" } else if rows != .one { factors.append(diag(rows)) }
            factors.append(weights)
            if columns != .one { factors.append(diag(columns)) }
            terms.append(sign + factors.joined(separator: latex ? " " : " * "))
        }
        if terms.isEmpty { return "0" }
        var result = terms[0]
        for term in terms.dropFirst() {
            result += term.hasPrefix("-") ? " - " + term.dropFirst() : " + " + term
        }
        return result
    }
}

