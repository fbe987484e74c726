@testable import CircuitModel
import Testing

/// Every invalid-input class of case-format.md ("What is an error") is refused with the
/// right typed error; each test edits one key of a valid case.
@Suite("Case files: every invalid class of case-format.md is refused")
struct CaseFileRefusalTests {
    static let valid = """
    {"n": 2, "b": 1, "z": [1, 0.5], "b0": 1, "sigma": 0.1, "tau_y": 0.002, "tau_a": [0.002, 0.003]}
    """

    func refusal(_ text: String) -> CaseFileError? {
        do { _ = try CaseFile.decode(text); return nil } catch { return error }
    }

    @Test("the valid base case decodes, scalars broadcast to n entries")
    func validBaseCase() throws {
        let circuit = try CaseFile.decode(Self.valid)
        #expect(circuit.neuronCount == 2)
        #expect(circuit.inputGain == [1, 1])
        #expect(circuit.tauA == [0.002, 0.003])
        #expect(circuit.variant == .paper)
        #expect(circuit.recurrentWeights == .identity)
        #expect(circuit.normalizationWeights == .ones)
        #expect(circuit.poolConstant.allSatisfy { abs($0 - 0.01) < 1e-17 })
    }

    @Test("malformed JSON: trailing comma, NaN literal, unterminated, trailing text")
    func malformedJSON() {
        for text in ["{\"n\": 2,}", "{\"n\": NaN}", "{\"n\": 2", "{} {}", "", "[1, 2]x"] {
            guard case .malformedJSON = refusal(text) else {
                Issue.record("'\(text)' was not refused as malformed JSON: \(String(describing: refusal(text)))")
                continue
            }
        }
        #expect(refusal("[1, 2]") == .notAnObject(found: "an array"))
    }

    @Test("an unknown key (a typo) and a duplicated key")
    func unknownAndDuplicateKeys() {
        #expect(refusal(Self.valid.replacingOccurrences(of: "\"sigma\"", with: "\"sigmaa\"")) == .unknownKey("sigmaa"))
        #expect(refusal("{\"n\": 1, \"n\": 1}") == .duplicateKey("n"))
    }

    @Test("each missing required key is named", arguments: ["n", "b", "z", "b0", "sigma", "tau_y", "tau_a"])
    func missingKey(key: String) throws {
        var members = ["\"n\": 2", "\"b\": 1", "\"z\": [1, 0.5]", "\"b0\": 1", "\"sigma\": 0.1", "\"tau_y\": 0.002", "\"tau_a\": 0.002"]
        members.removeAll { $0.hasPrefix("\"\(key)\"") }
        #expect(refusal("{" + members.joined(separator: ", ") + "}") == .missingKey(key))
    }

    @Test("arrays of the wrong length and ragged or wrong-size matrices")
    func wrongLengths() {
        #expect(refusal(Self.valid.replacingOccurrences(of: "\"z\": [1, 0.5]", with: "\"z\": [1, 0.5, 2]"))
                == .wrongLength(key: "z", expected: 2, found: 3))
        #expect(refusal(Self.valid.replacingOccurrences(of: "[0.002, 0.003]", with: "[0.002]"))
                == .wrongLength(key: "tau_a", expected: 2, found: 1))
        let ragged = Self.valid.replacingOccurrences(of: "\"n\": 2", with: "\"n\": 2, \"W_r\": [[1, 0], [0]]")
        #expect(refusal(ragged) == .raggedMatrix(key: "W_r", row: 1, expected: 2, found: 1))
        let tooManyRows = Self.valid.replacingOccurrences(of: "\"n\": 2", with: "\"n\": 2, \"W\": [[1, 0], [0, 1], [1, 1]]")
        #expect(refusal(tooManyRows) == .wrongRowCount(key: "W", expected: 2, found: 3))
        #expect(CaseFileError.wrongRowCount(key: "W", expected: 2, found: 3).description.contains("W must have 2 rows"))
    }

    @Test("non-finite numbers: literals overflowing a double, in vectors and matrices")
    func nonFinite() {
        #expect(refusal(Self.valid.replacingOccurrences(of: "\"b\": 1", with: "\"b\": 1e400"))
                == .nonFinite(key: "b", index: nil, text: "1e400"))
        #expect(refusal(Self.valid.replacingOccurrences(of: "[1, 0.5]", with: "[1, -2e308]"))
                == .nonFinite(key: "z", index: 1, text: "-2e308"))
        let matrix = Self.valid.replacingOccurrences(of: "\"n\": 2", with: "\"n\": 2, \"W\": [[1, 0], [0, 1e999]]")
        #expect(refusal(matrix) == .nonFinite(key: "W[1]", index: 1, text: "1e999"))
    }

    @Test("n must be an integer ≥ 1")
    func neuronCount() {
        for text in ["0", "-1", "2.5", "1e0"] {
            #expect(refusal(Self.valid.replacingOccurrences(of: "\"n\": 2", with: "\"n\": \(text)")) == .invalidNeuronCount(found: text))
        }
        guard case .wrongType(key: "n", _, _) = refusal(Self.valid.replacingOccurrences(of: "\"n\": 2", with: "\"n\": \"2\"")) else {
            Issue.record("a string n was not refused as a wrong type"); return
        }
    }

    @Test("time constants ≤ 0 are refused with key, index and value")
    func nonPositiveTimeConstants() {
        // One number for every neuron: named without an index (issue 18: it was "tau_y[0]").
        #expect(refusal(Self.valid.replacingOccurrences(of: "\"tau_y\": 0.002", with: "\"tau_y\": 0"))
                == .nonPositiveTimeConstant(key: "tau_y", index: nil, value: 0))
        #expect(CaseFileError.nonPositiveTimeConstant(key: "tau_y", index: nil, value: 0).description == "tau_y must be > 0, found 0.0")
        #expect(refusal(Self.valid.replacingOccurrences(of: "[0.002, 0.003]", with: "[0.002, -0.003]"))
                == .nonPositiveTimeConstant(key: "tau_a", index: 1, value: -0.003))
    }

    @Test("(b0 σ)² = 0 is refused, including by underflow")
    func vanishingPool() {
        #expect(refusal(Self.valid.replacingOccurrences(of: "\"sigma\": 0.1", with: "\"sigma\": [0.1, 0]"))
                == .vanishingPool(index: 1, b0: 1, sigma: 0))
        #expect(refusal(Self.valid.replacingOccurrences(of: "\"b0\": 1", with: "\"b0\": 0"))
                == .vanishingPool(index: 0, b0: 0, sigma: 0.1))
        let underflow = Self.valid.replacingOccurrences(of: "\"sigma\": 0.1", with: "\"sigma\": 1e-200")
            .replacingOccurrences(of: "\"b0\": 1", with: "\"b0\": 1e-200")
        #expect(refusal(underflow) == .vanishingPool(index: 0, b0: 1e-200, sigma: 1e-200))
    }

    @Test("an unknown variant is refused; the three known ones decode")
    func variants() throws {
        let unknown = Self.valid.replacingOccurrences(of: "\"n\": 2", with: "\"n\": 2, \"variant\": \"papper\"")
        #expect(refusal(unknown) == .unknownVariant("papper"))
        for variant in CircuitVariant.allCases {
            let text = Self.valid.replacingOccurrences(of: "\"n\": 2", with: "\"n\": 2, \"variant\": \"\(variant.rawValue)\"")
            #expect(try CaseFile.decode(text).variant == variant)
        }
    }

    @Test("a negative entry in W is accepted but flagged outside Theorem 1")
    func negativeNormalizationWeight() throws {
        let text = Self.valid.replacingOccurrences(of: "\"n\": 2", with: "\"n\": 2, \"W\": [[1, -0.5], [0.2, 1]]")
        let circuit = try CaseFile.decode(text)
        #expect(!circuit.theoremHypotheses.normalizationWeightsNonnegative)
        #expect(!circuit.theoremHypotheses.allHold)
        #expect(try CaseFile.decode(Self.valid).theoremHypotheses.allHold)
    }

    @Test("row-major matrices: W_r[i][j] is the weight from j onto i (non-symmetric)")
    func rowMajorOrientation() throws {
        let text = Self.valid.replacingOccurrences(of: "\"n\": 2", with: "\"n\": 2, \"W_r\": [[1, 0.25], [-3, 2]]")
        let circuit = try CaseFile.decode(text)
        guard case .dense(let matrix) = circuit.recurrentWeights else { Issue.record("W_r not dense"); return }
        #expect(matrix[0, 1] == 0.25 && matrix[1, 0] == -3)
        // (W_r y)_0 = 1·y0 + 0.25·y1.
        #expect(circuit.recurrentWeights.applied(to: [1, 2]) == [1.5, 1])
    }

    @Test("every problem is reported, not only the first (issue 18: validate listed one)")
    func everyProblem() {
        let text = Self.valid.replacingOccurrences(of: "\"tau_y\": 0.002", with: "\"tau_y\": -1")
            .replacingOccurrences(of: "[0.002, 0.003]", with: "[0.002, 0]")
        var reader = ArrayFileReader(caseFilePath: nil)
        let found = CaseFile.decodeCollectingProblems(text + "", arrays: &reader).problems
        #expect(found == [.nonPositiveTimeConstant(key: "tau_y", index: nil, value: -1),
                          .nonPositiveTimeConstant(key: "tau_a", index: 1, value: 0)])
        var clean = ArrayFileReader(caseFilePath: nil)
        #expect(CaseFile.decodeCollectingProblems(Self.valid, arrays: &clean).problems.isEmpty)
    }
}
