import Foundation

extension ScalingReport {
    /// Okabe–Ito colours (distinguishable with the common colour-vision deficiencies).
    static let palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]

    /// The figure: one row per (δ, ‖z‖) group (at most `maximumRows`, evenly spread): (a) histograms of
    /// α·τ per n, (b) μ(n) ± standard error against n (log axis) with the fit and μ∞ (dashed)
    /// and the linear law (dotted) where it applies, (c) σ(n) against n on log–log axes with
    /// its fit, (d) outcome fractions against n.
    public func svg(title: String, maximumRows: Int = 4) -> String {
        // At most `maximumRows` groups, spread evenly over the list (first and last included).
        let shown = groups.count <= maximumRows ? groups
            : (0..<maximumRows).map { groups[Int((Double($0) * Double(groups.count - 1) / Double(maximumRows - 1)).rounded())] }
        let panelWidth = 300.0, panelHeight = 200.0, rowHeight = 310.0, leftMargin = 80.0, gap = 95.0
        let width = leftMargin + 4 * panelWidth + 3 * gap + 30, height = 60 + rowHeight * Double(max(shown.count, 1))
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" "
            + "viewBox=\"0 0 \(f(width)) \(f(height))\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n"
            + "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
            + "<text x=\"\(f(width / 2))\" y=\"24\" text-anchor=\"middle\" font-size=\"16\">\(escaped(title))</text>\n"
        if shown.isEmpty { return svg + "<text x=\"40\" y=\"60\">no cells with a spectrum</text>\n</svg>\n" }
        let sizes = Array(Set(shown.flatMap { $0.group.outcomes.keys })).sorted()
        func colour(_ n: Int) -> String { Self.palette[(sizes.firstIndex(of: n) ?? 0) % Self.palette.count] }
        for (row, fits) in shown.enumerated() {
            let top = 60 + rowHeight * Double(row)
            let label = "δ = \(g(fits.group.delta)), ‖z‖ = \(g(fits.group.inputNorm))"
            let origins = (0..<4).map { leftMargin + Double($0) * (panelWidth + gap) }
            svg += histogramPanel(fits, x: origins[0], y: top, width: panelWidth, height: panelHeight, colour: colour,
                                  title: "(a) α·τ per n, \(label)")
            svg += momentPanel(fits, moment: .mean, x: origins[1], y: top, width: panelWidth, height: panelHeight,
                               title: "(b) mean μ(n)")
            svg += momentPanel(fits, moment: .standardDeviation, x: origins[2], y: top, width: panelWidth, height: panelHeight,
                               title: "(c) spread σ(n)")
            svg += outcomePanel(fits, x: origins[3], y: top, width: panelWidth, height: panelHeight, title: "(d) outcomes")
        }
        return svg + "</svg>\n"
    }

    private func histogramPanel(_ fits: GroupFits, x: Double, y: Double, width: Double, height: Double,
                                colour: (Int) -> String, title: String) -> String {
        var svg = frame(x: x, y: y, width: width, height: height, title: title, xLabel: "α·τ (max Re λ × τ)", yLabel: "fraction of trials")
        guard let range = Self.histogramRange(fits.group) else { return svg }
        let sizes = fits.group.samples.keys.sorted()
        let histograms = sizes.map { n -> [Double] in
            let values = fits.group.samples[n] ?? []
            return SampleStatistics.histogram(values, lower: range.lower, upper: range.upper, bins: bins)
                .map { Double($0) / Double(max(values.count, 1)) }
        }
        let peak = max(histograms.flatMap { $0 }.max() ?? 1, 1e-12)
        for (index, n) in sizes.enumerated() {
            var points: [String] = []
            for (bin, fraction) in histograms[index].enumerated() {
                let left = x + width * Double(bin) / Double(bins), right = x + width * Double(bin + 1) / Double(bins)
                let top = y + height - height * fraction / peak
                points += ["\(f(left)),\(f(top))", "\(f(right)),\(f(top))"]
            }
            svg += "<polyline fill=\"none\" stroke=\"\(colour(n))\" stroke-width=\"1.5\" points=\"\(f(x)),\(f(y + height)) "
                + points.joined(separator: " ") + " \(f(x + width)),\(f(y + height))\"/>\n"
            let legendX = x + Double(index % 4) * 75, legendY = y + height + 50 + 15 * Double(index / 4)
            svg += "<rect x=\"\(f(legendX))\" y=\"\(f(legendY - 9))\" width=\"10\" height=\"10\" fill=\"\(colour(n))\"/>"
                + "<text x=\"\(f(legendX + 14))\" y=\"\(f(legendY))\">n = \(n)</text>\n"
        }
        svg += tickLabels(x: x, y: y, width: width, height: height, xRange: (range.lower, range.upper), yRange: (0, peak), xLog: false, yLog: false)
        return svg
    }

    private func momentPanel(_ fits: GroupFits, moment: PowerLawFitter.Moment, x: Double, y: Double, width: Double,
                             height: Double, title: String) -> String {
        let isMean = moment == .mean
        let sizes = fits.group.samples.keys.sorted()
        let statistics = sizes.compactMap { n in SampleStatistics(fits.group.samples[n] ?? []).map { (n, $0) } }
        guard let first = statistics.first, let last = statistics.last else {
            return frame(x: x, y: y, width: width, height: height, title: title, xLabel: "n (log)", yLabel: "")
        }
        let fit = isMean ? fits.mean : fits.spread
        let values = statistics.map { isMean ? $0.1.mean : $0.1.standardDeviation }
        let errors = statistics.map { isMean ? $0.1.standardErrorOfMean : $0.1.standardErrorOfStandardDeviation }
        let nLow = Double(first.0) / 1.3, nHigh = Double(last.0) * 1.3
        var lows = zip(values, errors).map { $0 - $1 }, highs = zip(values, errors).map { $0 + $1 }
        if let fit { lows.append(fit.limit); highs.append(fit.limit) }
        if isMean, let law = fits.linearLaw { lows.append(law); highs.append(law) }
        let yLog = !isMean && (lows.min() ?? 0) > 0
        var svg = frame(x: x, y: y, width: width, height: height, title: title + (yLog ? ", log–log" : ""), xLabel: "n (log)",
                        yLabel: isMean ? "mean α·τ" : (yLog ? "std of α·τ (log)" : "std of α·τ"))
        var yLow = lows.min() ?? 0, yHigh = highs.max() ?? 1
        if yLog { yLow /= 1.2; yHigh *= 1.2 } else {
            let pad = max(0.08 * (yHigh - yLow), 1e-9 * max(abs(yHigh), 1)); yLow -= pad; yHigh += pad
        }
        func px(_ n: Double) -> Double { x + width * (log(n) - log(nLow)) / (log(nHigh) - log(nLow)) }
        func py(_ v: Double) -> Double {
            let t = yLog ? (log(v) - log(yLow)) / (log(yHigh) - log(yLow)) : (v - yLow) / (yHigh - yLow)
            return y + height - height * t
        }
        if let fit, fit.limit.isFinite {
            let curve = (0...60).map { k -> String in
                let n = exp(log(nLow) + (log(nHigh) - log(nLow)) * Double(k) / 60)
                return "\(f(px(n))),\(f(py(max(fit.value(at: n), yLog ? yLow : -Double.infinity))))"
            }
            svg += "<polyline fill=\"none\" stroke=\"#0072B2\" stroke-width=\"1.5\" points=\"\(curve.joined(separator: " "))\"/>\n"
            if !yLog || fit.limit > 0 {
                svg += "<line x1=\"\(f(x))\" x2=\"\(f(x + width))\" y1=\"\(f(py(fit.limit)))\" y2=\"\(f(py(fit.limit)))\" "
                    + "stroke=\"#0072B2\" stroke-dasharray=\"6 4\"/>\n"
            }
            let name = isMean ? "μ" : "σ", power = isMean ? "α" : "β"
            svg += "<text x=\"\(f(x))\" y=\"\(f(y + height + 52))\" fill=\"#0072B2\">— fit, - - \(name)∞ = \(g(fit.limit)), \(power) = \(g(fit.exponent))"
                + (fit.exponentAtBound ? " (at bound)" : "") + "</text>\n"
        }
        if isMean, let law = fits.linearLaw {
            svg += "<line x1=\"\(f(x))\" x2=\"\(f(x + width))\" y1=\"\(f(py(law)))\" y2=\"\(f(py(law)))\" stroke=\"#D55E00\" stroke-dasharray=\"2 3\"/>"
                + "<text x=\"\(f(x))\" y=\"\(f(y + height + 67))\" fill=\"#D55E00\">··· linear law at n → ∞: \(g(law))</text>\n"
        }
        for (index, entry) in statistics.enumerated() {
            let cx = px(Double(entry.0)), cy = py(values[index])
            let low = yLog ? max(values[index] - errors[index], yLow) : values[index] - errors[index]
            svg += "<line x1=\"\(f(cx))\" x2=\"\(f(cx))\" y1=\"\(f(py(low)))\" y2=\"\(f(py(values[index] + errors[index])))\" stroke=\"black\"/>"
                + "<circle cx=\"\(f(cx))\" cy=\"\(f(cy))\" r=\"3\" fill=\"black\"/>\n"
        }
        svg += tickLabels(x: x, y: y, width: width, height: height, xRange: (nLow, nHigh), yRange: (yLow, yHigh), xLog: true, yLog: yLog,
                          xTicks: sizes.map(Double.init))
        return svg
    }

    private func outcomePanel(_ fits: GroupFits, x: Double, y: Double, width: Double, height: Double, title: String) -> String {
        var svg = frame(x: x, y: y, width: width, height: height, title: title, xLabel: "n (log)", yLabel: "fraction of cells")
        let sizes = fits.group.outcomes.keys.sorted()
        guard let first = sizes.first, let last = sizes.last else { return svg }
        let names = Set(fits.group.outcomes.values.flatMap(\.keys)).sorted()
        let nLow = Double(first) / 1.3, nHigh = Double(last) * 1.3
        func px(_ n: Double) -> Double { x + width * (log(n) - log(nLow)) / (log(nHigh) - log(nLow)) }
        for (index, name) in names.enumerated() {
            let colour = Self.palette[index % Self.palette.count]
            let points = sizes.map { n -> String in
                let counts = fits.group.outcomes[n, default: [:]]
                let fraction = Double(counts[name, default: 0]) / Double(max(ScalingGroup.cellCount(counts), 1))
                return "\(f(px(Double(n)))),\(f(y + height - height * fraction))"
            }
            svg += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.5\" points=\"\(points.joined(separator: " "))\"/>\n"
                + points.map { "<circle cx=\"\($0.split(separator: ",")[0])\" cy=\"\($0.split(separator: ",")[1])\" r=\"2.5\" fill=\"\(colour)\"/>" }.joined()
                + "<rect x=\"\(f(x + Double(index % 3) * 100))\" y=\"\(f(y + height + 41 + 15 * Double(index / 3)))\" width=\"10\" height=\"10\" fill=\"\(colour)\"/>"
                + "<text x=\"\(f(x + 14 + Double(index % 3) * 100))\" y=\"\(f(y + height + 50 + 15 * Double(index / 3)))\">\(escaped(name))</text>\n"
        }
        svg += tickLabels(x: x, y: y, width: width, height: height, xRange: (nLow, nHigh), yRange: (0, 1), xLog: true, yLog: false,
                          xTicks: sizes.map(Double.init))
        return svg
    }

    private func frame(x: Double, y: Double, width: Double, height: Double, title: String, xLabel: String, yLabel: String) -> String {
        "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(width))\" height=\"\(f(height))\" fill=\"none\" stroke=\"black\"/>\n"
            + "<text x=\"\(f(x))\" y=\"\(f(y - 8))\" font-size=\"13\">\(escaped(title))</text>\n"
            + "<text x=\"\(f(x + width / 2))\" y=\"\(f(y + height + 36))\" text-anchor=\"middle\">\(escaped(xLabel))</text>\n"
            + "<text transform=\"translate(\(f(x - 52)),\(f(y + height / 2))) rotate(-90)\" text-anchor=\"middle\">\(escaped(yLabel))</text>\n"
    }

    /// Tick marks and labels: given ticks (or 5 even ones; decades on log axes).
    private func tickLabels(x: Double, y: Double, width: Double, height: Double, xRange: (Double, Double), yRange: (Double, Double),
                            xLog: Bool, yLog: Bool, xTicks: [Double]? = nil) -> String {
        func position(_ value: Double, _ range: (Double, Double), _ logarithmic: Bool) -> Double {
            logarithmic ? (log(value) - log(range.0)) / (log(range.1) - log(range.0)) : (value - range.0) / (range.1 - range.0)
        }
        func ticks(_ range: (Double, Double), _ logarithmic: Bool) -> [Double] {
            if logarithmic {
                // 1, 2, 5 × 10^k inside the range (decades alone leave short ranges unlabelled).
                let low = Int(floor(log10(range.0))), high = Int(ceil(log10(range.1)))
                let candidates = (low...max(low, high)).flatMap { k in [1.0, 2, 5].map { $0 * pow(10, Double(k)) } }
                let inside = candidates.filter { $0 >= range.0 && $0 <= range.1 }
                let decades = inside.filter { abs(log10($0).rounded() - log10($0)) < 1e-9 }
                return decades.count >= 2 ? decades : inside
            }
            // A "nice" step of 1, 2 or 5 × 10^k giving 3–6 ticks.
            let span = range.1 - range.0
            guard span > 0 else { return [range.0] }
            let raw = span / 5, magnitude = pow(10, floor(log10(raw)))
            let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
            let first = (range.0 / step).rounded(.up)
            return stride(from: first * step, through: range.1 + 1e-12 * span, by: step).map { abs($0) < 1e-12 * span ? 0 : $0 }
        }
        var svg = ""
        for value in xTicks ?? ticks(xRange, xLog) {
            let px = x + width * position(value, xRange, xLog)
            svg += "<line x1=\"\(f(px))\" x2=\"\(f(px))\" y1=\"\(f(y + height))\" y2=\"\(f(y + height + 4))\" stroke=\"black\"/>"
                + "<text x=\"\(f(px))\" y=\"\(f(y + height + 17))\" text-anchor=\"middle\" font-size=\"11\">\(g(value))</text>\n"
        }
        for value in ticks(yRange, yLog) {
            let py = y + height - height * position(value, yRange, yLog)
            svg += "<line x1=\"\(f(x - 4))\" x2=\"\(f(x))\" y1=\"\(f(py))\" y2=\"\(f(py))\" stroke=\"black\"/>"
                + "<text x=\"\(f(x - 6))\" y=\"\(f(py + 4))\" text-anchor=\"end\" font-size=\"11\">\(g(value))</text>\n"
        }
        return svg
    }

    private func f(_ value: Double) -> String { String(format: "%.1f", value) }
    /// Three significant digits, no trailing noise (−0.0125, 1e+03 → 1000).
    private func g(_ value: Double) -> String {
        let text = String(format: "%.3g", value)
        return text.contains("e") && abs(value) >= 1000 ? String(format: "%.0f", value) : text
    }
    private func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
