import ArgumentParser
import CircuitModel
import ExactArithmetic
import ExactStability

/// `organics check2d`: every fixed point of the 2D circuit, found and classified exactly
/// (proofs/two-dimensional.md). Prints a table, or JSON with `--json`.
struct Check2DCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check2d",
        abstract: "Exact fixed points and stability of the 2D circuit (n = 1) with rational parameters.",
        discussion: """
            Each parameter is an exact rational: p/q, an integer, or a decimal (0.1
            means 1/10). y and a are algebraic numbers: each is given by an isolating
            interval and a decimal with --digits K significant digits (sympy's
            evalf(K) sense: counted from the first nonzero digit; scientific notation
            when the decimal exponent is below -4 or at least K). Signs of trace,
            determinant and discriminant are exact. "on branch" is the normalization
            branch of 'organics solve' (continued from w_r = 1 without crossing a fold
            or branch point).
            """)

    @OptionGroup var parameters: Circuit2DOptions
    @Option(help: "Significant digits K of y and a (1...100), counted from the first nonzero digit.")
    var digits: Int = 10
    @Flag(name: .customLong("json"), help: "Print JSON.")
    var jsonFlag = false
    @Option(help: "Output format: text or json (--format json is --json; every command accepts both spellings).")
    var format: OutputFormat?
    /// JSON output, asked for as --json or --format json.
    var json: Bool { jsonFlag || format == .json }

    func validate() throws {
        _ = try parameters.circuit()
        guard (1...100).contains(digits) else { throw ValidationError("--digits must be in 1...100, found \(digits)") }
    }

    func run() throws {
        let analysis = ExactAnalyzer2D.analyze(try parameters.circuit(), options: ExactAnalysisOptions(digits: digits))
        print(json ? Check2DReport.json(analysis) : Check2DReport.text(analysis))
    }
}

/// The two renderings of an analysis (printing stays in the CLI).
enum Check2DReport {
    /// `{"fixed_points": [...], "non_isolated": false, "theorem": "..."}`, points by y ascending.
    static func json(_ analysis: ExactAnalysis2D) -> String {
        let points = analysis.fixedPoints.map { point in
            let fields = [
                "\"y\": \"\(point.yDecimal)\"", "\"a\": \"\(point.aDecimal)\"",
                // The same values as JSON numbers (the enclosure's midpoint in double precision);
                // the strings above and the intervals below stay exact.
                "\"y_value\": \(CaseFile.jsonNumber(0.5 * (point.yEnclosure.lower.doubleApproximation + point.yEnclosure.upper.doubleApproximation)))",
                "\"a_value\": \(CaseFile.jsonNumber(0.5 * (point.aEnclosure.lower.doubleApproximation + point.aEnclosure.upper.doubleApproximation)))",
                "\"y_interval\": [\"\(point.yEnclosure.lower)\", \"\(point.yEnclosure.upper)\"]",
                "\"a_interval\": [\"\(point.aEnclosure.lower)\", \"\(point.aEnclosure.upper)\"]",
                "\"trace_sign\": \(point.traceSign)", "\"det_sign\": \(point.determinantSign)",
                "\"disc_sign\": \(point.discriminantSign)", "\"class\": \"\(point.classification.rawValue)\"",
                "\"g_sign\": \(point.gSign)",
                "\"on_branch\": \(point.isOnNormalizationBranch.map { $0 ? "true" : "false" } ?? "null")",
                "\"differentiable\": \(point.isDifferentiable)",
            ]
            return "{" + fields.joined(separator: ", ") + "}"
        }
        return "{\"fixed_points\": [" + points.joined(separator: ", ") + "], \"non_isolated\": \(analysis.isNonIsolated)"
            + ", \"theorem\": \"\(analysis.theorem.summary)\"}"
    }

    /// One line per fixed point, then the theorem's verdict.
    static func text(_ analysis: ExactAnalysis2D) -> String {
        var lines = ["circuit: variant \(analysis.circuit.variant.rawValue), w_r = \(analysis.circuit.recurrentWeight), "
            + "w = \(analysis.circuit.normalizationWeight), b z = \(analysis.circuit.input), c^2 = \(analysis.circuit.cSquared)"]
        if analysis.isNonIsolated {
            lines.append("fixed points: a continuum (non-isolated): y arbitrary at a = c^2 with g = 0")
        } else {
            lines.append("fixed points: \(analysis.fixedPoints.count)")
        }
        for (index, point) in analysis.fixedPoints.enumerated() {
            let branch = point.isOnNormalizationBranch.map { $0 ? "on branch" : "off branch" } ?? "branch unknown"
            lines.append("  [\(index + 1)] y = \(point.yDecimal)  a = \(point.aDecimal)  \(point.classification.rawValue)"
                + "  (sign T = \(point.traceSign), sign D = \(point.determinantSign), sign T^2-4D = \(point.discriminantSign),"
                + " sign g = \(point.gSign), \(branch))")
            lines.append("      y in \(point.yEnclosure), a in \(point.aEnclosure)")
        }
        lines.append("theorem (every fixed point on the normalization branch is stable): \(analysis.theorem.summary)")
        return lines.joined(separator: "\n")
    }
}
