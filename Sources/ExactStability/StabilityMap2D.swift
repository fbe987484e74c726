import Dispatch
import ExactArithmetic
import Synchronization

/// The exact analysis over a grid of two parameters: per grid point the number of fixed
/// points, how many are stable, and the class of each (sorted by y).
public struct StabilityMap2D: Sendable {
    /// One grid point's result.
    public struct Cell: Sendable, Hashable {
        public let x: Rational
        public let y: Rational
        public let fixedPointCount: Int
        public let stableCount: Int
        public let isNonIsolated: Bool
        public let classes: [FixedPointClass]
        /// The normalization-branch fixed point's stability: true / false, nil when no fixed
        /// point is on the branch (proofs/newton.md §7.9: past a branch point or a fold).
        public let branchStable: Bool?
    }

    public let base: Circuit2D
    public let xAxis: GridAxis2D
    public let yAxis: GridAxis2D
    /// rows[j][i] is the cell at (xAxis.values[i], yAxis.values[j]).
    public let rows: [[Cell]]

    /// Analyzes every grid point; rows run in parallel (DispatchQueue.concurrentPerform).
    /// Throws the first invalid circuit (e.g. τ ≤ 0 on an axis); the CLI checks first.
    public static func compute(base: Circuit2D, x: GridAxis2D, y: GridAxis2D,
                               options: ExactAnalysisOptions = ExactAnalysisOptions(digits: 3)) throws(Circuit2DError) -> StabilityMap2D {
        var circuits = [[Circuit2D]]()
        for yValue in y.values {
            var row = [Circuit2D]()
            for xValue in x.values { row.append(try base.setting(x.parameter, to: xValue).setting(y.parameter, to: yValue)) }
            circuits.append(row)
        }
        let results = Mutex([[Cell]?](repeating: nil, count: y.values.count))
        let grid = circuits
        DispatchQueue.concurrentPerform(iterations: grid.count) { j in
            let row = grid[j].enumerated().map { i, circuit in
                let analysis = ExactAnalyzer2D.analyze(circuit, options: options)
                return Cell(x: x.values[i], y: y.values[j], fixedPointCount: analysis.fixedPoints.count,
                            stableCount: analysis.stableCount, isNonIsolated: analysis.isNonIsolated,
                            classes: analysis.fixedPoints.map(\.classification),
                            branchStable: analysis.fixedPoints.first { $0.isOnNormalizationBranch == true }?.classification.isStable)
            }
            results.withLock { $0[j] = row }
        }
        let rows = results.withLock { $0.map { $0 ?? [] } }
        return StabilityMap2D(base: base, xAxis: x, yAxis: y, rows: rows)
    }

    /// CSV, one row per grid point: `<x>,<y>,<x>_decimal,<y>_decimal,fixed_points,stable,
    /// non_isolated,classes,branch_stable` with exact rationals first, then 12-digit decimals;
    /// classes are joined by ';' in the order of y ascending; branch_stable is true/false, empty
    /// when no fixed point is on the normalization branch.
    public var csv: String {
        let xName = xAxis.parameter.rawValue, yName = yAxis.parameter.rawValue
        var lines = ["\(xName),\(yName),\(xName)_decimal,\(yName)_decimal,fixed_points,stable,non_isolated,classes,branch_stable"]
        for row in rows {
            for cell in row {
                lines.append([cell.x.description, cell.y.description, cell.x.roundedDecimalString(digits: 12),
                              cell.y.roundedDecimalString(digits: 12), String(cell.fixedPointCount), String(cell.stableCount),
                              String(cell.isNonIsolated), cell.classes.map(\.rawValue).joined(separator: ";"),
                              cell.branchStable.map(String.init) ?? ""].joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
