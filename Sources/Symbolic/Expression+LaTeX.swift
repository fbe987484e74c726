extension Expression {
    /// LaTeX form, proofs/jacobian.md §3.5: `\frac{}{}` for denominators, `\sqrt{u}`,
    /// `\max(u, 0)`, `H(u)`, juxtaposition for products. Symbols are spelled by
    /// `symbolName`; the default, `Expression.defaultLaTeXName`, turns `tau_y` into
    /// `\tau_{y}` and `y_3` into `y_{3}`.
    public func latex(symbolName: @escaping @Sendable (String) -> String = Expression.defaultLaTeXName) -> String {
        TextPrinter(isLaTeX: true, symbolName: symbolName).render(self).text
    }

    /// Greek letter names become commands (`sigma` → `\sigma`); the part after the first
    /// underscore becomes a subscript (`b0_i` → `b0_{i}`, `tau_a` → `\tau_{a}`).
    @Sendable public static func defaultLaTeXName(_ name: String) -> String {
        let parts = name.split(separator: "_", maxSplits: 1, omittingEmptySubsequences: false)
        let head = String(parts[0])
        let spelled = greekLetters.contains(head) ? "\\" + head : head
        guard parts.count == 2, !parts[1].isEmpty else { return spelled }
        let tail = String(parts[1])
        return "\(spelled)_{\(greekLetters.contains(tail) ? "\\" + tail : tail)}"
    }

    private static let greekLetters: Set<String> = [
        "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "kappa", "lambda",
        "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "phi", "chi", "psi", "omega",
    ]
}
