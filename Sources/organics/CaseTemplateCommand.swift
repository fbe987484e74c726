import ArgumentParser
import CircuitModel
import Foundation

/// `organics case-template [--n N] [--keys]`: a valid case file to start from, or the key
/// reference, so a user never has to find docs/case-format.md inside the source tree.
struct CaseTemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case-template",
        abstract: "Print a valid case file to edit (or, with --keys, what every key means).",
        discussion: """
        The template is the literature's circuit (variant paper, b = b0 = 1, σ = 0.1, \
        τ_y = τ_a = 2 ms, W = ones) with W_r = identity and a delocalized input of norm 0.5; \
        it passes 'organics validate' as printed. Edit it, or replace any scalar by an array \
        of n values and "identity" by n rows of n numbers (row i = inputs to neuron i).

        Examples:
          organics case-template --n 3 > my-case.json
          organics case-template --keys
        """)

    @Option(help: "Number of neurons (n ≥ 1).")
    var n = 3

    @Flag(help: "Print the key reference (type, meaning, default) instead of a template.")
    var keys = false

    func validate() throws {
        guard n >= 1 else { throw ValidationError("--n must be ≥ 1, found \(n)") }
    }

    /// Every key of the case format, in `CaseFile.allowedKeys` order: type, meaning, default.
    static let reference: [(key: String, type: String, meaning: String, fallback: String)] = [
        ("variant", "string", "paper | rectified | rectified-recurrence (how r and q rectify)", "paper"),
        ("n", "integer ≥ 1", "number of y neurons (= number of a neurons)", "required"),
        ("b", "number or n numbers", "input gain b_i", "required"),
        ("z", "n numbers", "input drive z_i", "required"),
        ("b0", "number or n numbers", "normalization gain b0_i", "required"),
        ("sigma", "number or n numbers", "semi-saturation constant σ_i; (b0_i σ_i)² must be > 0", "required"),
        ("tau_y", "number or n numbers, > 0", "time constant of y_i (seconds)", "required"),
        ("tau_a", "number or n numbers, > 0", "time constant of a_i (seconds)", "required"),
        ("W_r", "\"identity\" or n rows of n numbers", "recurrent weights; row i = inputs to neuron i", "identity"),
        ("W", "\"ones\", \"identity\" or n rows of n", "normalization weights (W ≥ 0 for Theorem 1)", "ones"),
        ("name", "string", "free label, echoed in outputs", "none"),
    ]

    func run() throws {
        if keys {
            let width = Self.reference.map(\.key.count).max() ?? 0
            let typeWidth = Self.reference.map(\.type.count).max() ?? 0
            print("key".padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                  + "type".padding(toLength: typeWidth, withPad: " ", startingAt: 0) + "  default   meaning")
            for entry in Self.reference {
                print(entry.key.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                      + entry.type.padding(toLength: typeWidth, withPad: " ", startingAt: 0) + "  "
                      + entry.fallback.padding(toLength: 8, withPad: " ", startingAt: 0) + "  " + entry.meaning)
            }
            print("Unknown keys, NaN/Inf, wrong lengths, τ ≤ 0 and (b0 σ)² = 0 are refused (exit 64).")
            return
        }
        let input = 0.5 / Double(n).squareRoot()
        let z = "[" + Array(repeating: CaseFile.jsonNumber(input), count: n).joined(separator: ", ") + "]"
        print("""
        {
          "name": "template: \(n) neuron\(n == 1 ? "" : "s"), identity recurrence",
          "variant": "paper",
          "n": \(n),
          "b": 1.0, "b0": 1.0, "sigma": 0.1,
          "tau_y": 0.002, "tau_a": 0.002,
          "z": \(z),
          "W_r": "identity",
          "W": "ones"
        }
        """)
    }
}
