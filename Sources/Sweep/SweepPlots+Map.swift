import Foundation

/// map.svg: a multi-panel figure over the δ × ‖z‖ grid (sweeps/README.md "map.svg"):
/// (a) the stability margin, median α·τ of the branch, on a diverging scale with a colour bar,
///     the median δ* and — only when their assumptions hold — Δ* and Δ_c;
/// (b) per start, the majority outcome (categorical, Okabe–Ito colours) with its fraction
///     printed in the cell, and a black dot where most trials have no stable branch;
/// (c) with `literature_euler`, the replay's majority verdict, cells where any trial disagrees
///     with ours (first start) outlined, with the count of disagreeing trials.
/// The top axis of each panel gives δ · Re λ_max(K) (median over trials) when it is known.
extension SweepPlots {
    /// Outcome → (colour, legend label); Okabe–Ito, distinguishable with the common colour-vision deficiencies.
    static let outcomeStyles: [(key: String, color: String, label: String)] = [
        ("branch", "#0072B2", "branch fixed point reached"),
        ("diverging", "#D55E00", "diverging"),
        ("limit-cycle", "#CC79A7", "limit cycle"),
        ("other-fixed-point", "#E69F00", "other fixed point"),
        ("undecided", "#999999", "undecided"),
        ("not-simulated", "#FFFFFF", "not simulated"),
    ]

    /// Diverging blue–white–red (ColorBrewer RdBu end points): value/limit in [−1, 1].
    static func divergingColor(_ t: Double) -> String {
        let u = max(-1, min(1, t))
        let (r, g, b): (Double, Double, Double)
        if u < 0 {
            let s = -u
            (r, g, b) = (247 + (33 - 247) * s, 247 + (102 - 247) * s, 247 + (172 - 247) * s)
        } else {
            (r, g, b) = (247 + (178 - 247) * u, 247 + (24 - 247) * u, 247 + (43 - 247) * u)
        }
        return String(format: "#%02x%02x%02x", Int(r), Int(g), Int(b))
    }

    /// True when the analytic landmarks Δ*, Δ_c (sweeps/README.md, boundary.csv) apply to the config: symmetric
    /// ensemble with μ = 0, W_r = I + δK, delocalized input, W = ones, b = 1, variant paper.
    static func landmarksApply(_ config: SweepConfig) -> Bool {
        config.ensemble == .symmetric && config.mean == 0 && config.recurrence == .identityPlus
            && config.inputKind == .delocalized && config.normalizationWeights == .ones
            && config.inputGain.allSatisfy { $0 == 1 } && config.variant == .paper
    }

    /// The figure. `leadingRealEigenvalue`: median over trials of Re λ_max(K), for the top axis.
    public static func map(config: SweepConfig, grid: SweepGrid, rows: [CellRow], leadingRealEigenvalue: Double? = nil) -> String {
        let outcomeColumns = rows.first?.outcomeColumns ?? config.outcomeColumns
        // An outcome panel only where some cell was simulated: a branch-only sweep (simulate = none)
        // draws panel (a) alone and says so in the title, instead of empty panels.
        let simulated = outcomeColumns.filter { column in rows.contains { ($0.outcome(column) ?? "not-simulated") != "not-simulated" } }
        let startColumns = simulated.filter { $0.hasPrefix("from_") }
        let replayed = simulated.contains("literature_euler")
        let panelCount = 1 + startColumns.count + (replayed ? 1 : 0)
        let figureWidth = 1000.0, panelHeight = 330.0, titleHeight = 40.0
        let plotLeft = 90.0, plotRight = 250.0, plotTop = 46.0, plotBottom = 56.0
        let figureHeight = titleHeight + panelHeight * Double(panelCount) + 10
        let xLog = config.delta.spacing == .log, yLog = config.inputNorm.spacing == .log
        let xEdges = edges(grid.deltas, logarithmic: xLog), yEdges = edges(grid.inputNorms, logarithmic: yLog)
        var groups: [Int: [CellRow]] = [:]
        for row in rows { groups[row.inputNormIndex * grid.deltas.count + row.deltaIndex, default: []].append(row) }

        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(figureWidth))\" height=\"\(Int(figureHeight))\" viewBox=\"0 0 \(Int(figureWidth)) \(Int(figureHeight))\" font-family=\"sans-serif\" font-size=\"12\">\n"
        svg += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
        let trials = Set(rows.map(\.trial)).count
        svg += "<text x=\"\(number(plotLeft))\" y=\"24\" font-size=\"16\" font-weight=\"bold\">\(escaped(config.name)): n = \(config.neuronCount), \(escaped(config.ensemble.rawValue)) K, \(escaped(config.inputKind.rawValue)) input, \(trials) trial\(trials == 1 ? "" : "s") per cell\(simulated.count < outcomeColumns.count ? "; starts not simulated" : "")</text>\n"

        func panel(_ index: Int, title: String, body: (Scale, Scale, Double) -> String) {
            let originY = titleHeight + panelHeight * Double(index)
            let x = Scale(lower: xEdges[0], upper: xEdges[xEdges.count - 1], logarithmic: xLog, pixelLow: plotLeft,
                          pixelHigh: figureWidth - plotRight)
            let y = Scale(lower: yEdges[0], upper: yEdges[yEdges.count - 1], logarithmic: yLog,
                          pixelLow: originY + panelHeight - plotBottom, pixelHigh: originY + plotTop)
            svg += "<text x=\"\(number(plotLeft))\" y=\"\(number(originY + 16))\" font-size=\"13\" font-weight=\"bold\">\(escaped(title))</text>\n"
            svg += body(x, y, originY)
            // Frame, ticks, labels.
            let bottomY = originY + panelHeight - plotBottom, topY = originY + plotTop
            svg += "<rect x=\"\(number(plotLeft))\" y=\"\(number(topY))\" width=\"\(number(figureWidth - plotLeft - plotRight))\" height=\"\(number(bottomY - topY))\" fill=\"none\" stroke=\"#000\"/>\n"
            for tick in x.ticks {
                svg += "<line x1=\"\(number(x(tick)))\" y1=\"\(number(bottomY))\" x2=\"\(number(x(tick)))\" y2=\"\(number(bottomY + 5))\" stroke=\"#000\"/><text x=\"\(number(x(tick)))\" y=\"\(number(bottomY + 18))\" text-anchor=\"middle\">\(label(tick))</text>\n"
                if let scale = leadingRealEigenvalue, scale.isFinite, scale != 0 {
                    svg += "<line x1=\"\(number(x(tick)))\" y1=\"\(number(topY))\" x2=\"\(number(x(tick)))\" y2=\"\(number(topY - 4))\" stroke=\"#000\"/><text x=\"\(number(x(tick)))\" y=\"\(number(topY - 7))\" text-anchor=\"middle\" font-size=\"10\" fill=\"#444\">\(String(format: "%.3g", tick * scale))</text>\n"
                }
            }
            for tick in y.ticks {
                svg += "<line x1=\"\(number(plotLeft - 5))\" y1=\"\(number(y(tick)))\" x2=\"\(number(plotLeft))\" y2=\"\(number(y(tick)))\" stroke=\"#000\"/><text x=\"\(number(plotLeft - 8))\" y=\"\(number(y(tick) + 4))\" text-anchor=\"end\">\(label(tick))</text>\n"
            }
            svg += "<text x=\"\(number((plotLeft + figureWidth - plotRight) / 2))\" y=\"\(number(bottomY + 36))\" text-anchor=\"middle\">δ (coupling strength\(xLog ? ", log scale" : ""))\(leadingRealEigenvalue == nil ? "" : "; top: δ · Re λ_max(K)")</text>\n"
            svg += "<text transform=\"translate(22 \(number((topY + bottomY) / 2))) rotate(-90)\" text-anchor=\"middle\">‖z‖\(yLog ? " (log)" : "")</text>\n"
        }
        func cellRect(_ x: Scale, _ y: Scale, _ dIndex: Int, _ zIndex: Int) -> (x: Double, y: Double, w: Double, h: Double) {
            let x0 = x(xEdges[dIndex]), x1 = x(xEdges[dIndex + 1]), y0 = y(yEdges[zIndex + 1]), y1 = y(yEdges[zIndex])
            return (x0, y0, x1 - x0, y1 - y0)
        }
        let legendX = figureWidth - plotRight + 16

        // (a) stability margin.
        let medians: [Int: Double] = groups.compactMapValues { group in
            let values = group.compactMap(\.abscissaTimesTau).sorted()
            return values.isEmpty ? nil : SweepSummary.median(values)
        }
        let limit = max(medians.values.map(abs).max() ?? 1, 1e-12)
        // Symmetric-log colour coordinate: margins from 1e-3 to 1 all get visible shades.
        let linear = 1e-3
        func shade(_ value: Double) -> Double {
            let sign: Double = value < 0 ? -1 : 1
            return sign * log1p(abs(value) / linear) / log1p(limit / linear)
        }
        panel(0, title: "(a) stability margin of the normalization branch: median α·τ (α = max Re λ)") { x, y, originY in
            var body = ""
            for zIndex in grid.inputNorms.indices {
                for dIndex in grid.deltas.indices {
                    let r = cellRect(x, y, dIndex, zIndex)
                    let key = zIndex * grid.deltas.count + dIndex
                    let fill = medians[key].map { divergingColor(shade($0)) } ?? "#d9d9d9"
                    let tip = medians[key].map { "median α·τ = \(String(format: "%.4g", $0))" } ?? "no branch fixed point"
                    body += "<rect x=\"\(number(r.x))\" y=\"\(number(r.y))\" width=\"\(number(r.w))\" height=\"\(number(r.h))\" fill=\"\(fill)\" stroke=\"#ffffff\" stroke-width=\"0.5\"><title>δ = \(label(grid.deltas[dIndex])), ‖z‖ = \(label(grid.inputNorms[zIndex])): \(tip)</title></rect>\n"
                }
            }
            // δ* (median over trials) per ‖z‖.
            var boundaries: [Int: [Double]] = [:]
            for row in rows where row.deltaIndex == 0 { if let b = row.boundaryDelta { boundaries[row.inputNormIndex, default: []].append(b) } }
            let points = grid.inputNorms.indices.compactMap { zIndex -> String? in
                guard let values = boundaries[zIndex]?.sorted(), !values.isEmpty else { return nil }
                return "\(number(x(SweepSummary.median(values)))),\(number(y(grid.inputNorms[zIndex])))"
            }
            if !points.isEmpty {
                body += "<polyline fill=\"none\" stroke=\"#000\" stroke-width=\"2.5\" points=\"\(points.joined(separator: " "))\"/>\n"
            }
            let applies = landmarksApply(config)
            if applies {
                let samples = (0...100).map { k -> Double in
                    let t = Double(k) / 100
                    return yLog ? exp(log(y.lower) + t * (log(y.upper) - log(y.lower))) : y.lower + t * (y.upper - y.lower)
                }
                for (dash, pick) in [("8 4", 0), ("2 3", 1)] {
                    let line = samples.compactMap { z -> String? in
                        guard z > 0, let marks = SweepSummary.analyticLandmarks(sigma: config.sigma[0], inputNorm: z) else { return nil }
                        let delta = pick == 0 ? marks.deltaStar : marks.deltaCritical
                        guard delta >= x.lower, delta <= x.upper else { return nil }
                        return "\(number(x(delta))),\(number(y(z)))"
                    }
                    if line.count > 1 {
                        body += "<polyline fill=\"none\" stroke=\"#000\" stroke-width=\"1.5\" stroke-dasharray=\"\(dash)\" points=\"\(line.joined(separator: " "))\"/>\n"
                    }
                }
            }
            // Colour bar.
            let barTop = originY + plotTop, barHeight = panelHeight - plotTop - plotBottom - 90
            for k in 0..<50 {
                let t = 1 - 2 * Double(k) / 49
                body += "<rect x=\"\(number(legendX))\" y=\"\(number(barTop + barHeight * Double(k) / 50))\" width=\"16\" height=\"\(number(barHeight / 50 + 0.5))\" fill=\"\(divergingColor(t))\"/>\n"
            }
            body += "<rect x=\"\(number(legendX))\" y=\"\(number(barTop))\" width=\"16\" height=\"\(number(barHeight))\" fill=\"none\" stroke=\"#000\"/>\n"
            var marks = [limit, 0, -limit]
            for decade in [1e-2, 1e-1, 1.0, 10.0] where decade < 0.7 * limit { marks += [decade, -decade] }
            for value in marks {
                let t = 0.5 - 0.5 * shade(value)
                body += "<line x1=\"\(number(legendX + 16))\" y1=\"\(number(barTop + barHeight * t))\" x2=\"\(number(legendX + 20))\" y2=\"\(number(barTop + barHeight * t))\" stroke=\"#000\"/><text x=\"\(number(legendX + 23))\" y=\"\(number(barTop + barHeight * t + 4))\" font-size=\"10\">\(value == 0 ? "0" : String(format: "%+.3g", value))</text>\n"
            }
            body += "<text x=\"\(number(legendX + 80))\" y=\"\(number(barTop + barHeight / 2 + 4))\" font-size=\"11\">median α·τ</text>\n"
            body += "<text x=\"\(number(legendX + 80))\" y=\"\(number(barTop + barHeight / 2 + 17))\" font-size=\"9\">(symmetric log)</text>\n"
            var legendY = barTop + barHeight + 12
            body += legendItem(x: legendX, y: legendY, swatch: "<line x1=\"0\" y1=\"7\" x2=\"14\" y2=\"7\" stroke=\"#000\" stroke-width=\"2.5\"/>",
                               text: points.isEmpty ? "δ*: no crossing in the grid" : "δ* (α = 0, median)")
            legendY += 20
            if applies {
                body += legendItem(x: legendX, y: legendY, swatch: "<line x1=\"0\" y1=\"7\" x2=\"14\" y2=\"7\" stroke=\"#000\" stroke-dasharray=\"4 2\"/>", text: "Δ* = s/(√2(1−s))")
                body += legendItem(x: legendX, y: legendY + 20, swatch: "<line x1=\"0\" y1=\"7\" x2=\"14\" y2=\"7\" stroke=\"#000\" stroke-dasharray=\"2 3\"/>", text: "Δc = √2 s/(1−s)")
            } else {
                body += "<text x=\"\(number(legendX))\" y=\"\(number(legendY + 11))\" font-size=\"10\">Δ*, Δc not drawn:</text><text x=\"\(number(legendX))\" y=\"\(number(legendY + 24))\" font-size=\"10\">their assumptions do not hold</text>\n"
            }
            if medians.count < grid.inputNorms.count * grid.deltas.count {
                body += legendItem(x: legendX, y: legendY + 40, swatch: "<rect width=\"14\" height=\"14\" fill=\"#d9d9d9\" stroke=\"#000\" stroke-width=\"0.5\"/>",
                                   text: "no branch fixed point (folded or lost)")
            }
            return body
        }

        // (b) per start, majority outcome.
        func categorical(_ index: Int, column: String, title: String, disagreeWith: String?) {
            panel(index, title: title) { x, y, originY in
                var body = ""
                for zIndex in grid.inputNorms.indices {
                    for dIndex in grid.deltas.indices {
                        let r = cellRect(x, y, dIndex, zIndex)
                        let group = groups[zIndex * grid.deltas.count + dIndex] ?? []
                        let values = group.compactMap { $0.outcome(column) }
                        guard !values.isEmpty else {
                            body += "<rect x=\"\(number(r.x))\" y=\"\(number(r.y))\" width=\"\(number(r.w))\" height=\"\(number(r.h))\" fill=\"#d9d9d9\"/>\n"
                            continue
                        }
                        var counts: [String: Int] = [:]
                        for value in values { counts[value, default: 0] += 1 }
                        let order = outcomeStyles.map(\.key)
                        guard let majority = counts.max(by: { a, b in
                            a.value != b.value ? a.value < b.value : (order.firstIndex(of: a.key) ?? 9) > (order.firstIndex(of: b.key) ?? 9)
                        }) else { continue }
                        let style = outcomeStyles.first { $0.key == majority.key }
                        let fraction = Double(majority.value) / Double(values.count)
                        let summary = counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                        body += "<rect x=\"\(number(r.x))\" y=\"\(number(r.y))\" width=\"\(number(r.w))\" height=\"\(number(r.h))\" fill=\"\(style?.color ?? "#000")\" stroke=\"#ffffff\" stroke-width=\"0.5\"><title>δ = \(label(grid.deltas[dIndex])), ‖z‖ = \(label(grid.inputNorms[zIndex])): \(summary)</title></rect>\n"
                        let dark = ["branch", "diverging"].contains(majority.key)
                        if fraction < 1 {
                            body += "<text x=\"\(number(r.x + r.w / 2))\" y=\"\(number(r.y + r.h / 2 + 3))\" text-anchor=\"middle\" font-size=\"9\" fill=\"\(dark ? "#ffffff" : "#000000")\">\(String(format: "%.2f", fraction))</text>\n"
                        }
                        let noStableBranch = group.filter { $0.verdict != "stable" }.count * 2 > group.count
                        if noStableBranch {
                            body += "<circle cx=\"\(number(r.x + 6))\" cy=\"\(number(r.y + r.h / 2))\" r=\"3\" fill=\"#000\" stroke=\"#ffffff\" stroke-width=\"1\"/>\n"
                        }
                        if let reference = disagreeWith {
                            let disagreeing = group.filter { row in
                                guard let ours = row.outcome(reference), let theirs = row.outcome(column) else { return false }
                                return ours != theirs
                            }.count
                            if disagreeing > 0 {
                                body += "<rect x=\"\(number(r.x + 1.5))\" y=\"\(number(r.y + 1.5))\" width=\"\(number(r.w - 3))\" height=\"\(number(r.h - 3))\" fill=\"none\" stroke=\"#000\" stroke-width=\"2\"/><text x=\"\(number(r.x + r.w - 3))\" y=\"\(number(r.y + 10))\" text-anchor=\"end\" font-size=\"8\" fill=\"#000\">×\(disagreeing)</text>\n"
                            }
                        }
                    }
                }
                var legendY = originY + plotTop
                let present = Set(rows.compactMap { $0.outcome(column) })
                for style in outcomeStyles where present.contains(style.key) || ["branch", "diverging", "limit-cycle"].contains(style.key) {
                    body += legendItem(x: legendX, y: legendY, swatch: "<rect width=\"14\" height=\"14\" fill=\"\(style.color)\" stroke=\"#000\" stroke-width=\"0.5\"/>", text: style.label)
                    legendY += 20
                }
                body += legendItem(x: legendX, y: legendY, swatch: "<circle cx=\"7\" cy=\"7\" r=\"3\" fill=\"#000\" stroke=\"#ffffff\" stroke-width=\"1\"/>", text: "most trials: branch unstable/folded")
                legendY += 20
                body += "<text x=\"\(number(legendX))\" y=\"\(number(legendY + 10))\" font-size=\"10\">number in a cell: fraction of trials</text>\n"
                body += "<text x=\"\(number(legendX))\" y=\"\(number(legendY + 23))\" font-size=\"10\">with the majority outcome (blank = all)</text>\n"
                if disagreeWith != nil {
                    legendY += 36
                    body += legendItem(x: legendX, y: legendY, swatch: "<rect x=\"1\" y=\"1\" width=\"12\" height=\"12\" fill=\"none\" stroke=\"#000\" stroke-width=\"2\"/>", text: "×k: k trials disagree with ours")
                }
                return body
            }
        }
        for (k, column) in startColumns.enumerated() {
            let name = String(column.dropFirst(5)).replacingOccurrences(of: "_", with: "-")
            categorical(1 + k, column: column, title: "(b\(startColumns.count > 1 ? "\(k + 1)" : "")) from the \(name) start: majority outcome (error-controlled integration)",
                        disagreeWith: nil)
        }
        if replayed, let first = startColumns.first {
            let name = String(first.dropFirst(5)).replacingOccurrences(of: "_", with: "-")
            categorical(1 + startColumns.count, column: "literature_euler",
                        title: "(c) the literature's method (Euler, dt = 0.05 τ) from the \(name) start; outlined: disagrees with (b1)",
                        disagreeWith: first)
        }
        return svg + "</svg>\n"
    }
}
