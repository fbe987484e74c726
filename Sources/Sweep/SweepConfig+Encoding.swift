import CircuitModel
import Foundation

extension SweepConfig {
    /// The full configuration as JSON that `decode` reads back to an equal value (seed
    /// included when resolved).
    public func encoded() -> String {
        func number(_ value: Double) -> String { CaseFile.jsonNumber(value) }
        func perNeuronJSON(_ values: [Double]) -> String {
            values.count == 1 ? number(values[0]) : "[" + values.map(number).joined(separator: ", ") + "]"
        }
        func axisJSON(_ axis: SweepAxis) -> String {
            "{\"min\": \(number(axis.minimum)), \"max\": \(number(axis.maximum)), \"count\": \(axis.count), \"spacing\": \"\(axis.spacing.rawValue)\"}"
        }
        var lines = [
            "\"name\": \(Self.quoted(name))",
            "\"variant\": \"\(variant.rawValue)\"",
            "\"ensemble\": \"\(ensemble.rawValue)\"",
            "\"recurrence\": \"\(recurrence.rawValue)\"",
            "\"mean\": \(number(mean))",
            "\"connectivity\": \(number(connectivity))",
            "\"tail_exponent\": \(number(tailExponent))",
            "\"normalization_weights\": \"\(normalizationWeights.rawValue)\"",
            "\"input_kind\": \"\(inputKind.rawValue)\"",
            "\"n\": " + (neuronCounts.count == 1 ? "\(neuronCount)" : "[" + neuronCounts.map(String.init).joined(separator: ", ") + "]"),
            "\"b\": \(perNeuronJSON(inputGain))",
            "\"b0\": \(perNeuronJSON(normalizationGain))",
            "\"sigma\": \(perNeuronJSON(sigma))",
            "\"tau_y\": \(perNeuronJSON(tauY))",
            "\"tau_a\": \(perNeuronJSON(tauA))",
            "\"delta\": \(axisJSON(delta))",
            "\"input_norm\": \(axisJSON(inputNorm))",
            "\"trials\": \(trials)",
        ]
        if let seed { lines.append("\"seed\": \(seed)") }
        lines += [
            "\"certificate\": \(certificate)",
            "\"simulate\": \"\(simulate.rawValue)\"",
            "\"starts\": [" + starts.map { "\"\($0.rawValue)\"" }.joined(separator: ", ") + "]",
            "\"literature_replay\": \(literatureReplay)",
            "\"bisection_tolerance\": \(number(bisectionTolerance))",
            "\"linear_algebra\": \"\(linearAlgebra.rawValue)\"",
        ]
        return "{\n    " + lines.joined(separator: ",\n    ") + "\n  }"
    }

    static func quoted(_ text: String) -> String {
        var escaped = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case _ where scalar.value < 0x20: escaped += String(format: "\\u%04x", scalar.value)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }
}
