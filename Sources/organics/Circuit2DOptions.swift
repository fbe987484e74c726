import ArgumentParser
import ExactArithmetic
import ExactStability

/// The parameters of a 2D circuit as exact rationals (`p/q`, an integer, or a decimal
/// read exactly: `0.1` is 1/10). Shared by `check2d` and `map2d`.
struct Circuit2DOptions: ParsableArguments {
    @Option(name: .customLong("wr"), parsing: .unconditional, help: "Recurrent weight w_r (rational).")
    var recurrentWeight: String
    @Option(name: .customLong("w"), parsing: .unconditional, help: "Normalization weight w (rational).")
    var normalizationWeight: String
    @Option(parsing: .unconditional, help: "Input gain b (rational).")
    var b: String
    @Option(parsing: .unconditional, help: "Input drive z (rational).")
    var z: String
    @Option(parsing: .unconditional, help: "Normalization gain b0 (rational).")
    var b0: String
    @Option(parsing: .unconditional, help: "Semi-saturation constant sigma (rational).")
    var sigma: String
    @Option(name: .customLong("tau-y"), parsing: .unconditional, help: "Time constant tau_y > 0 in seconds (rational).")
    var tauY: String
    @Option(name: .customLong("tau-a"), parsing: .unconditional, help: "Time constant tau_a > 0 in seconds (rational).")
    var tauA: String
    @Option(help: "Variant: paper or rectified.")
    var variant: String = "paper"

    /// The circuit, or a `ValidationError` naming the flag at fault.
    func circuit() throws -> Circuit2D {
        try Self.circuit(variant: variant, wr: recurrentWeight, w: normalizationWeight, b: b, z: z, b0: b0,
                         sigma: sigma, tauY: tauY, tauA: tauA)
    }

    /// The circuit from the flags' texts; each error names its flag.
    static func circuit(variant: String, wr: String, w: String, b: String, z: String, b0: String, sigma: String,
                        tauY: String, tauA: String) throws -> Circuit2D {
        guard let variant = Circuit2D.Variant(rawValue: variant) else {
            throw ValidationError("--variant must be paper or rectified, found '\(variant)'")
        }
        do {
            return try Circuit2D(
                variant: variant, recurrentWeight: try rational(wr, flag: "--wr"),
                normalizationWeight: try rational(w, flag: "--w"),
                b: try rational(b, flag: "--b"), z: try rational(z, flag: "--z"),
                b0: try rational(b0, flag: "--b0"), sigma: try rational(sigma, flag: "--sigma"),
                tauY: try rational(tauY, flag: "--tau-y"), tauA: try rational(tauA, flag: "--tau-a"))
        } catch let error as Circuit2DError {
            switch error {
            case let .nonPositiveTimeConstant(key, value):
                throw ValidationError("--\(key.replacingOccurrences(of: "_", with: "-")) must be > 0, found \(value)")
            case .vanishingNormalizationPool:
                throw ValidationError("--b0, --sigma: \(error.description)")
            }
        }
    }

    /// Parses one exact rational; the error names the flag.
    static func rational(_ text: String, flag: String) throws -> Rational {
        do {
            return try Rational(parsing: text)
        } catch {
            throw ValidationError("\(flag): \(error.description)")
        }
    }
}
