import ExactArithmetic

extension StabilityMap2D {
    /// Colours of the heatmap: the number of stable fixed points (0, 1, 2, ≥ 3), and grey
    /// for a continuum of fixed points.
    static let palette = ["#d7301f", "#3182bd", "#fd8d3c", "#31a354"]
    static let nonIsolatedColour = "#969696"

    /// A hand-written SVG heatmap of the number of stable fixed points: one rectangle per
    /// grid point (x to the right, y upward), axis labels with the end and middle values,
    /// and a legend. No dependencies; valid standalone SVG 1.1.
    public var svg: String {
        let columns = max(1, xAxis.values.count), rowCount = max(1, yAxis.values.count)
        let plot = 480.0, left = 80.0, top = 40.0, legendWidth = 190.0
        let cellWidth = plot / Double(columns), cellHeight = plot / Double(rowCount)
        let width = left + plot + legendWidth, height = top + plot + 70
        var parts = [String]()
        parts.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
            + "viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"sans-serif\" font-size=\"12\">")
        parts.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>")
        parts.append("<text x=\"\(left + plot / 2)\" y=\"24\" text-anchor=\"middle\" font-size=\"14\">"
            + "Stable fixed points of the 2D circuit (exact, variant \(base.variant.rawValue))</text>")
        for (j, row) in rows.enumerated() {
            for (i, cell) in row.enumerated() {
                let colour = cell.isNonIsolated ? Self.nonIsolatedColour : Self.palette[min(cell.stableCount, Self.palette.count - 1)]
                let x = left + Double(i) * cellWidth, y = top + plot - Double(j + 1) * cellHeight
                parts.append("<rect x=\"\(format(x))\" y=\"\(format(y))\" width=\"\(format(cellWidth + 0.05))\" "
                    + "height=\"\(format(cellHeight + 0.05))\" fill=\"\(colour)\"/>")
            }
        }
        parts.append("<rect x=\"\(left)\" y=\"\(top)\" width=\"\(plot)\" height=\"\(plot)\" fill=\"none\" stroke=\"black\"/>")
        parts += axisTicks(xAxis.values, horizontal: true, left: left, top: top, plot: plot)
        parts += axisTicks(yAxis.values, horizontal: false, left: left, top: top, plot: plot)
        parts.append("<text x=\"\(left + plot / 2)\" y=\"\(top + plot + 50)\" text-anchor=\"middle\">\(Self.label(xAxis.parameter))</text>")
        parts.append("<text transform=\"translate(\(left - 55),\(top + plot / 2)) rotate(-90)\" text-anchor=\"middle\">"
            + "\(Self.label(yAxis.parameter))</text>")
        let legend = ["0 stable", "1 stable", "2 stable", "3 or more stable"].enumerated().map { ($1, Self.palette[$0]) }
            + [("continuum (non-isolated)", Self.nonIsolatedColour)]
        for (index, entry) in legend.enumerated() {
            let y = top + 10 + Double(index) * 24
            parts.append("<rect x=\"\(left + plot + 20)\" y=\"\(y)\" width=\"16\" height=\"16\" fill=\"\(entry.1)\" stroke=\"black\"/>")
            parts.append("<text x=\"\(left + plot + 44)\" y=\"\(y + 12)\">\(entry.0)</text>")
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n") + "\n"
    }

    /// Ticks at the first, middle and last grid values, centred on their cells.
    private func axisTicks(_ values: [Rational], horizontal: Bool, left: Double, top: Double, plot: Double) -> [String] {
        guard !values.isEmpty else { return [] }
        let cell = plot / Double(values.count)
        return Array(Set([0, values.count / 2, values.count - 1])).sorted().map { index in
            let offset = (Double(index) + 0.5) * cell
            let text = values[index].roundedDecimalString(digits: 3)
            if horizontal {
                let x = left + offset
                return "<line x1=\"\(format(x))\" y1=\"\(top + plot)\" x2=\"\(format(x))\" y2=\"\(top + plot + 5)\" stroke=\"black\"/>"
                    + "<text x=\"\(format(x))\" y=\"\(top + plot + 20)\" text-anchor=\"middle\">\(text)</text>"
            }
            let y = top + plot - offset
            return "<line x1=\"\(left - 5)\" y1=\"\(format(y))\" x2=\"\(left)\" y2=\"\(format(y))\" stroke=\"black\"/>"
                + "<text x=\"\(left - 8)\" y=\"\(format(y + 4))\" text-anchor=\"end\">\(text)</text>"
        }
    }

    private static func label(_ parameter: CircuitParameter2D) -> String {
        switch parameter {
        case .wr: return "recurrent weight w_r"
        case .w: return "normalization weight w"
        case .b: return "input gain b"
        case .z: return "input drive z"
        case .b0: return "normalization gain b0"
        case .sigma: return "semi-saturation sigma"
        case .tauY: return "tau_y (s)"
        case .tauA: return "tau_a (s)"
        }
    }

    private func format(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
