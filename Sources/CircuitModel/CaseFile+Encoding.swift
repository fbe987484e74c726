import Foundation

extension CaseFile {
    /// The circuit as case-file JSON (keys in the format document's order). Doubles use
    /// Swift's shortest round-trip `description`, so `decode(encode(c)) == c` exactly;
    /// uniform per-neuron arrays are written as scalars.
    /// With `arrayFiles` [key: relative path], those keys are written as `{"npy": path}`.
    public static func encode(_ circuit: Circuit, arrayFiles: [String: String] = [:]) -> String {
        var lines: [String] = []
        func field(_ key: String, _ json: @autoclosure () -> String) -> String {
            "  \"\(key)\": " + (arrayFiles[key].map { "{\"npy\": \(jsonQuoted($0))}" } ?? json())
        }
        if let name = circuit.name { lines.append("  \"name\": \(jsonQuoted(name))") }
        lines.append("  \"variant\": \"\(circuit.variant.rawValue)\"")
        lines.append("  \"n\": \(circuit.neuronCount)")
        lines.append(field("b", perNeuron(circuit.inputGain)))
        lines.append(field("z", array(circuit.input)))
        lines.append(field("b0", perNeuron(circuit.normalizationGain)))
        lines.append(field("sigma", perNeuron(circuit.sigma)))
        lines.append(field("tau_y", perNeuron(circuit.tauY)))
        lines.append(field("tau_a", perNeuron(circuit.tauA)))
        lines.append(field("W_r", matrix(circuit.recurrentWeights, order: circuit.neuronCount)))
        lines.append(field("W", matrix(circuit.normalizationWeights, order: circuit.neuronCount)))
        return "{\n" + lines.joined(separator: ",\n") + "\n}\n"
    }

    /// A JSON string literal with the necessary escapes.
    public static func jsonQuoted(_ text: String) -> String {
        var escaped = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\t": escaped += "\\t"
            case "\r": escaped += "\\r"
            case _ where scalar.value < 0x20: escaped += String(format: "\\u%04x", scalar.value)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }

    /// A finite double as JSON: `description`, which round-trips exactly.
    public static func jsonNumber(_ value: Double) -> String { "\(value)" }

    static func array(_ values: [Double]) -> String {
        "[" + values.map(jsonNumber).joined(separator: ", ") + "]"
    }

    private static func perNeuron(_ values: [Double]) -> String {
        if let first = values.first, values.allSatisfy({ $0 == first }) { return jsonNumber(first) }
        return array(values)
    }

    private static func matrix(_ weights: WeightMatrix, order n: Int) -> String {
        switch weights {
        case .identity: return "\"identity\""
        case .ones: return "\"ones\""
        case .dense(let matrix):
            return "[\n" + matrix.rowMajorArrays().map { "    " + array($0) }.joined(separator: ",\n") + "\n  ]"
        }
    }
}
