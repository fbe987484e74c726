import ArgumentParser
import CircuitModel
import ExactArithmetic
import ExactStability
import Foundation

/// `organics map2d`: the exact 2D analysis over a grid of two parameters, written as CSV
/// (one row per grid point) and optionally as an SVG heatmap of the number of stable
/// fixed points. Files are written to a temporary file and renamed into place.
struct Map2DCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map2d",
        abstract: "Exact stability map of the 2D circuit over a grid of two parameters.",
        discussion: """
            Axes are name:start:stop:count with name one of wr, w, b, z, b0, sigma, tau-y,
            tau-a and exact rational endpoints, e.g. --x wr:0:3:101 --y z:-1:1:101 (count
            points, ends included). Parameters not on an axis take the values of the other
            flags (defaults: the example circuit w_r = 1/2, w = 1, b = 1/2, z = -1, b0 =
            1/2, sigma = 1/10, tau_y = tau_a = 1/500). CSV columns:
            <x>,<y>,<x>_decimal,<y>_decimal,fixed_points,stable,non_isolated,classes.
            """)

    @Option(name: .customLong("x"), help: "Horizontal axis, name:start:stop:count.")
    var xAxis: String
    @Option(name: .customLong("y"), help: "Vertical axis, name:start:stop:count.")
    var yAxis: String
    @Option(name: .customLong("wr"), parsing: .unconditional, help: "Recurrent weight w_r.")
    var recurrentWeight = "1/2"
    @Option(name: .customLong("w"), parsing: .unconditional, help: "Normalization weight w.")
    var normalizationWeight = "1"
    @Option(parsing: .unconditional, help: "Input gain b.")
    var b = "1/2"
    @Option(parsing: .unconditional, help: "Input drive z.")
    var z = "-1"
    @Option(parsing: .unconditional, help: "Normalization gain b0.")
    var b0 = "1/2"
    @Option(parsing: .unconditional, help: "Semi-saturation constant sigma.")
    var sigma = "1/10"
    @Option(name: .customLong("tau-y"), parsing: .unconditional, help: "Time constant tau_y > 0 (s).")
    var tauY = "1/500"
    @Option(name: .customLong("tau-a"), parsing: .unconditional, help: "Time constant tau_a > 0 (s).")
    var tauA = "1/500"
    @Option(help: "Variant: paper or rectified.")
    var variant = "paper"
    @Option(help: "CSV output file (required).")
    var out: String
    @Option(help: "SVG heatmap output file (optional).")
    var svg: String?

    /// The base circuit and both axes, each error naming its flag.
    private func problem() throws -> (base: Circuit2D, x: GridAxis2D, y: GridAxis2D) {
        let base = try Circuit2DOptions.circuit(
            variant: variant, wr: recurrentWeight, w: normalizationWeight, b: b, z: z, b0: b0, sigma: sigma, tauY: tauY, tauA: tauA)
        let x: GridAxis2D, y: GridAxis2D
        do { x = try GridAxis2D(parsing: xAxis) } catch { throw ValidationError("--x: \(error.description)") }
        do { y = try GridAxis2D(parsing: yAxis) } catch { throw ValidationError("--y: \(error.description)") }
        guard x.parameter != y.parameter else { throw ValidationError("--x and --y must vary different parameters") }
        for (flag, axis) in [("--x", x), ("--y", y)] {
            for value in axis.values {
                do { _ = try base.setting(axis.parameter, to: value) } catch {
                    throw ValidationError("\(flag): at \(axis.parameter.rawValue) = \(value): \(error.description)")
                }
            }
        }
        if [x.parameter, y.parameter].contains(.b0), [x.parameter, y.parameter].contains(.sigma) {
            for xv in x.values {
                for yv in y.values where (try? base.setting(x.parameter, to: xv).setting(y.parameter, to: yv)) == nil {
                    throw ValidationError("--x, --y: (b0·sigma)^2 = 0 at \(x.parameter.rawValue) = \(xv), \(y.parameter.rawValue) = \(yv)")
                }
            }
        }
        return (base, x, y)
    }

    func validate() throws {
        _ = try problem()
        guard !out.isEmpty else { throw ValidationError("--out must name a file") }
    }

    func run() throws {
        let (base, x, y) = try problem()
        let map = try StabilityMap2D.compute(base: base, x: x, y: y)
        try AtomicFile.write(map.csv, to: out)
        if let svg { try AtomicFile.write(map.svg, to: svg) }
    }
}
