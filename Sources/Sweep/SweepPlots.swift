import ComplexModule
import Foundation
import RealModule

/// Hand-written SVG figures (no dependencies): the stability map and representative spectra.
public enum SweepPlots {
    private static let width = 720.0, height = 480.0
    private static let left = 80.0, right = 170.0, top = 30.0, bottom = 60.0

    /// One axis of a figure: value → pixel, linear or logarithmic, over [lower, upper].
    struct Scale {
        let lower: Double, upper: Double, logarithmic: Bool, pixelLow: Double, pixelHigh: Double
        func callAsFunction(_ value: Double) -> Double {
            let t = logarithmic ? (log(value) - log(lower)) / (log(upper) - log(lower)) : (value - lower) / (upper - lower)
            return pixelLow + t * (pixelHigh - pixelLow)
        }
        var ticks: [Double] {
            if logarithmic {
                return (Int(floor(log10(lower)))...Int(ceil(log10(upper)))).map { pow(10, Double($0)) }
                    .filter { $0 >= lower * 0.999 && $0 <= upper * 1.001 }
            }
            return (0...4).map { lower + (upper - lower) * Double($0) / 4 }
        }
    }

    /// Cell edges of a grid axis: midpoints between values (geometric when logarithmic).
    static func edges(_ values: [Double], logarithmic: Bool) -> [Double] {
        guard values.count > 1 else {
            let v = values.first ?? 1
            return logarithmic ? [v / 2, v * 2] : [v - 0.5, v + 0.5]
        }
        func middle(_ a: Double, _ b: Double) -> Double { logarithmic ? (a * b).squareRoot() : 0.5 * (a + b) }
        var result = [logarithmic ? values[0] * values[0] / middle(values[0], values[1]) : 2 * values[0] - middle(values[0], values[1])]
        for k in 0..<(values.count - 1) { result.append(middle(values[k], values[k + 1])) }
        let n = values.count
        result.append(logarithmic ? values[n - 1] * values[n - 1] / result[n - 1] : 2 * values[n - 1] - result[n - 1])
        return result
    }

    static func number(_ value: Double) -> String { String(format: "%.2f", value) }
    static func label(_ value: Double) -> String { String(format: "%g", value) }

    /// Fraction stable on the branch over δ × ‖z‖ (blue = 1, red = 0, grey = no data), the
    /// median sweep boundary δ*(‖z‖) (black), and the analytic Δ* (dashed) and Δ_c (dotted).
    public static func map(config: SweepConfig, grid: SweepGrid, rows: [CellRow]) -> String {
        let xLog = config.delta.spacing == .log, yLog = config.inputNorm.spacing == .log
        let xEdges = edges(grid.deltas, logarithmic: xLog), yEdges = edges(grid.inputNorms, logarithmic: yLog)
        let x = Scale(lower: xEdges[0], upper: xEdges[xEdges.count - 1], logarithmic: xLog, pixelLow: left, pixelHigh: width - right)
        let y = Scale(lower: yEdges[0], upper: yEdges[yEdges.count - 1], logarithmic: yLog, pixelLow: height - bottom, pixelHigh: top)
        var counts: [Int: (stable: Int, total: Int)] = [:]
        var boundaries: [Int: [Double]] = [:]
        for row in rows {
            let key = row.inputNormIndex * grid.deltas.count + row.deltaIndex
            let stable = row.branchStatus == BranchStatus.converged.rawValue && row.verdict == "stable"
            counts[key, default: (0, 0)].stable += stable ? 1 : 0
            counts[key, default: (0, 0)].total += 1
            if row.deltaIndex == 0, let boundary = row.boundaryDelta { boundaries[row.inputNormIndex, default: []].append(boundary) }
        }
        var svg = header(title: "\(config.name): fraction stable on the normalization branch")
        svg += "<defs><clipPath id=\"plot\"><rect x=\"\(number(left))\" y=\"\(number(top))\" width=\"\(number(width - left - right))\" height=\"\(number(height - top - bottom))\"/></clipPath></defs>\n"
        for zIndex in grid.inputNorms.indices {
            for dIndex in grid.deltas.indices {
                let x0 = x(xEdges[dIndex]), x1 = x(xEdges[dIndex + 1]), y0 = y(yEdges[zIndex + 1]), y1 = y(yEdges[zIndex])
                var fill = "#cccccc", tip = "no data"
                if let count = counts[zIndex * grid.deltas.count + dIndex], count.total > 0 {
                    let f = Double(count.stable) / Double(count.total)
                    fill = String(format: "#%02x%02x%02x", Int(215 * (1 - f) + 40 * f), Int(60 + 60 * f), Int(50 * (1 - f) + 200 * f))
                    tip = "\(count.stable)/\(count.total) stable"
                }
                svg += "<rect x=\"\(number(x0))\" y=\"\(number(y0))\" width=\"\(number(x1 - x0))\" height=\"\(number(y1 - y0))\" fill=\"\(fill)\"><title>δ = \(grid.deltas[dIndex]), ‖z‖ = \(grid.inputNorms[zIndex]): \(tip)</title></rect>\n"
            }
        }
        // Analytic curves over ‖z‖.
        let samples = (0...200).map { k -> Double in
            let t = Double(k) / 200
            return yLog ? exp(log(y.lower) + t * (log(y.upper) - log(y.lower))) : y.lower + t * (y.upper - y.lower)
        }
        for (style, pick) in [("stroke-dasharray=\"8 4\"", 0), ("stroke-dasharray=\"2 3\"", 1)] {
            let points = samples.compactMap { z -> String? in
                guard z > 0, let marks = SweepSummary.analyticLandmarks(sigma: config.sigma[0], inputNorm: z) else { return nil }
                let delta = pick == 0 ? marks.deltaStar : marks.deltaCritical
                guard delta > 0 || !xLog else { return nil }
                return "\(number(x(delta))),\(number(y(z)))"
            }
            if !points.isEmpty {
                svg += "<polyline clip-path=\"url(#plot)\" fill=\"none\" stroke=\"#ffffff\" stroke-width=\"2\" \(style) points=\"\(points.joined(separator: " "))\"/>\n"
            }
        }
        let boundaryPoints = grid.inputNorms.indices.compactMap { zIndex -> String? in
            guard let values = boundaries[zIndex]?.sorted(), !values.isEmpty else { return nil }
            return "\(number(x(SweepSummary.median(values)))),\(number(y(grid.inputNorms[zIndex])))"
        }
        if !boundaryPoints.isEmpty {
            svg += "<polyline clip-path=\"url(#plot)\" fill=\"none\" stroke=\"#000000\" stroke-width=\"2.5\" points=\"\(boundaryPoints.joined(separator: " "))\"/>\n"
        }
        svg += axes(x: x, y: y, xLabel: "δ (coupling strength\(xLog ? ", log scale" : ""))",
                    yLabel: "‖z‖ (input norm\(yLog ? ", log scale" : ""))")
        let legendX = width - right + 15
        svg += legendItem(x: legendX, y: top + 10, swatch: "<rect width=\"14\" height=\"14\" fill=\"#2878c8\"/>", text: "all trials stable")
        svg += legendItem(x: legendX, y: top + 32, swatch: "<rect width=\"14\" height=\"14\" fill=\"#d73c32\"/>", text: "none stable")
        svg += legendItem(x: legendX, y: top + 54, swatch: "<rect width=\"14\" height=\"14\" fill=\"#cccccc\"/>", text: "no data")
        svg += legendItem(x: legendX, y: top + 76, swatch: "<line x1=\"0\" y1=\"7\" x2=\"14\" y2=\"7\" stroke=\"#000\" stroke-width=\"2.5\"/>", text: "δ* (sweep median)")
        svg += legendItem(x: legendX, y: top + 98, swatch: "<rect width=\"14\" height=\"14\" fill=\"#777\"/><line x1=\"0\" y1=\"7\" x2=\"14\" y2=\"7\" stroke=\"#fff\" stroke-width=\"2\" stroke-dasharray=\"4 2\"/>", text: "Δ* = s/(√2(1−s))")
        svg += legendItem(x: legendX, y: top + 120, swatch: "<rect width=\"14\" height=\"14\" fill=\"#777\"/><line x1=\"0\" y1=\"7\" x2=\"14\" y2=\"7\" stroke=\"#fff\" stroke-width=\"2\" stroke-dasharray=\"2 3\"/>", text: "Δc = √2 s/(1−s)")
        return svg + "</svg>\n"
    }

    /// Eigenvalues (Re λ τ-free, in 1/s) of the representative cells, one colour per cell.
    public static func spectrum(_ spectra: [(label: String, eigenvalues: [Complex<Double>])]) -> String {
        let all = spectra.flatMap(\.eigenvalues)
        var svg = header(title: "eigenvalues of the flow Jacobian at the branch fixed point")
        guard !all.isEmpty else {
            return svg + "<text x=\"\(number(width / 2))\" y=\"\(number(height / 2))\" text-anchor=\"middle\">no branch fixed point to show</text>\n</svg>\n"
        }
        let reals = all.map(\.real), imaginaries = all.map(\.imaginary)
        let xLow = min(reals.min() ?? -1, 0), xHigh = max(reals.max() ?? 1, 0)
        let yExtent = max(imaginaries.map(abs).max() ?? 1, 1e-9)
        let xPad = max((xHigh - xLow) * 0.05, 1e-9)
        let x = Scale(lower: xLow - xPad, upper: xHigh + xPad, logarithmic: false, pixelLow: left, pixelHigh: width - right)
        let y = Scale(lower: -1.05 * yExtent, upper: 1.05 * yExtent, logarithmic: false, pixelLow: height - bottom, pixelHigh: top)
        svg += "<line x1=\"\(number(x(0)))\" y1=\"\(number(top))\" x2=\"\(number(x(0)))\" y2=\"\(number(height - bottom))\" stroke=\"#999\"/>\n"
        let colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728"]
        for (k, spectrum) in spectra.enumerated() {
            let color = colors[k % colors.count]
            for value in spectrum.eigenvalues {
                svg += "<circle cx=\"\(number(x(value.real)))\" cy=\"\(number(y(value.imaginary)))\" r=\"2.5\" fill=\"none\" stroke=\"\(color)\"/>\n"
            }
            svg += legendItem(x: width - right + 15, y: top + 10 + 22 * Double(k),
                              swatch: "<circle cx=\"7\" cy=\"7\" r=\"4\" fill=\"none\" stroke=\"\(color)\"/>", text: spectrum.label)
        }
        svg += axes(x: x, y: y, xLabel: "Re λ (1/s)", yLabel: "Im λ (1/s)")
        return svg + "</svg>\n"
    }

    private static func header(title: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"sans-serif\" font-size=\"12\">\n"
            + "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
            + "<text x=\"\(number(left))\" y=\"18\" font-size=\"14\">\(escaped(title))</text>\n"
    }

    private static func axes(x: Scale, y: Scale, xLabel: String, yLabel: String) -> String {
        var svg = "<rect x=\"\(number(left))\" y=\"\(number(top))\" width=\"\(number(width - left - right))\" height=\"\(number(height - top - bottom))\" fill=\"none\" stroke=\"#000\"/>\n"
        for tick in x.ticks {
            let px = x(tick)
            svg += "<line x1=\"\(number(px))\" y1=\"\(number(height - bottom))\" x2=\"\(number(px))\" y2=\"\(number(height - bottom + 5))\" stroke=\"#000\"/>"
            svg += "<text x=\"\(number(px))\" y=\"\(number(height - bottom + 18))\" text-anchor=\"middle\">\(label(tick))</text>\n"
        }
        for tick in y.ticks {
            let py = y(tick)
            svg += "<line x1=\"\(number(left - 5))\" y1=\"\(number(py))\" x2=\"\(number(left))\" y2=\"\(number(py))\" stroke=\"#000\"/>"
            svg += "<text x=\"\(number(left - 8))\" y=\"\(number(py + 4))\" text-anchor=\"end\">\(label(tick))</text>\n"
        }
        svg += "<text x=\"\(number((left + width - right) / 2))\" y=\"\(number(height - 15))\" text-anchor=\"middle\">\(escaped(xLabel))</text>\n"
        svg += "<text transform=\"translate(18 \(number((top + height - bottom) / 2))) rotate(-90)\" text-anchor=\"middle\">\(escaped(yLabel))</text>\n"
        return svg
    }

    private static func legendItem(x: Double, y: Double, swatch: String, text: String) -> String {
        "<g transform=\"translate(\(number(x)) \(number(y)))\">\(swatch)<text x=\"20\" y=\"11\" font-size=\"11\">\(escaped(text))</text></g>\n"
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
