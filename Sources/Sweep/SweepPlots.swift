import ComplexModule
import Foundation
import RealModule

/// Hand-written SVG figures (no dependencies): the stability map and representative spectra.
public enum SweepPlots {
    static let width = 720.0, height = 480.0
    static let left = 80.0, right = 190.0, top = 30.0, bottom = 60.0

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
            return niceTicks(lower: lower, upper: upper)
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
    static func label(_ value: Double) -> String { String(format: "%g", abs(value) < 1e-12 ? 0 : value) }

    /// 3–7 ticks at multiples of 1, 2 or 5 × 10^k inside [lower, upper] (readable labels).
    static func niceTicks(lower: Double, upper: Double) -> [Double] {
        guard upper > lower, lower.isFinite, upper.isFinite else { return [lower] }
        let raw = (upper - lower) / 5
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        var ticks: [Double] = []
        var tick = ceil(lower / step) * step
        while tick <= upper + 1e-9 * step {
            ticks.append(abs(tick) < 1e-9 * step ? 0 : tick)
            tick += step
        }
        return ticks
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

    static func header(title: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"sans-serif\" font-size=\"12\">\n"
            + "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
            + "<text x=\"\(number(left))\" y=\"18\" font-size=\"14\">\(escaped(title))</text>\n"
    }

    static func axes(x: Scale, y: Scale, xLabel: String, yLabel: String) -> String {
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

    static func legendItem(x: Double, y: Double, swatch: String, text: String) -> String {
        "<g transform=\"translate(\(number(x)) \(number(y)))\">\(swatch)<text x=\"20\" y=\"11\" font-size=\"11\">\(escaped(text))</text></g>\n"
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
