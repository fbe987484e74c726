import CircuitModel
import Foundation
import PropertyBased
import Randomness
import TestSupport
import Testing

/// Properties of the `.npy` reader over random arrays and random corruptions.
@Suite("NumPy .npy reader: properties")
struct NumPyArrayPropertyTests {
    /// Awkward values: exact zeros (silent neurons), ±0, subnormals, huge and tiny magnitudes,
    /// float32-exact and float32-inexact numbers, heavy tails.
    static func value(_ rng: inout Xoshiro256StarStar) -> Double {
        switch rng.nextIndex(below: 8) {
        case 0: return 0
        case 1: return -0.0
        case 2: return Double.leastNonzeroMagnitude * Double(1 + rng.nextIndex(below: 1000))
        case 3: return (rng.nextIndex(below: 2) == 0 ? 1 : -1) * rng.nextLogUniform(1e-300, 1e300)
        case 4: return Double(rng.nextIndex(below: 2000)) / 8 - 125   // exact in float32
        case 5: return rng.nextGaussian() / max(1e-6, abs(rng.nextGaussian()))  // heavy-tailed (Cauchy-like)
        default: return rng.nextGaussian()
        }
    }

    @Test("random shape (0-2 dims, zero-size included) × dtype × order × version parses to the values (property)")
    func randomArraysParse() async {
        await propertyCheck(count: 300, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let rank = rng.nextIndex(below: 3)
            let shape = (0..<rank).map { _ in rng.nextIndex(below: 6) }
            let count = shape.reduce(1, *)
            let values = (0..<count).map { _ in Self.value(&rng) }
            let descr = NumPyArray.ElementType.allCases[rng.nextIndex(below: 4)].rawValue
            let fortran = rng.nextIndex(below: 2) == 0
            let major = UInt8(1 + rng.nextIndex(below: 3))
            let bytes = NumPyBytes.make(descr: descr, fortran: fortran, shape: shape, values: values, major: major)
            let array = try NumPyArray.parse(bytes)
            // float32 files hold Float(v); Double(Float(v)) is what must come back (bit for bit, NaN-free).
            let expected = descr.hasSuffix("4") ? values.map { Double(Float($0)) } : values
            #expect(array.shape == shape)
            #expect(array.values.map(\.bitPattern) == expected.map(\.bitPattern))
            #expect(array.fortranOrder == fortran && array.version == "\(major).0" && array.elementType.rawValue == descr)
        }
    }

    @Test("any corruption of a valid file (flipped byte, cut, appended bytes) parses or throws, never traps (property)")
    func corruptionsNeverTrap() async {
        await propertyCheck(count: 500, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            var bytes = NumPyBytes.make(descr: NumPyArray.ElementType.allCases[rng.nextIndex(below: 4)].rawValue,
                                        fortran: rng.nextIndex(below: 2) == 0, shape: [2, 3],
                                        values: (0..<6).map { _ in Self.value(&rng) }, major: UInt8(1 + rng.nextIndex(below: 3)))
            switch rng.nextIndex(below: 3) {
            case 0:
                let index = rng.nextIndex(below: bytes.count)
                bytes[index] = UInt8(truncatingIfNeeded: rng.next())
            case 1:
                bytes = bytes.prefix(rng.nextIndex(below: bytes.count))
            default:
                bytes.append(contentsOf: (0..<(1 + rng.nextIndex(below: 16))).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
            }
            do {
                let array = try NumPyArray.parse(bytes)
                // Accepted only if still consistent: the element count matches the shape.
                #expect(array.count == array.shape.reduce(1, *))
            } catch {
                #expect((error as? NumPyFormatError).map { !$0.description.isEmpty } == true, "\(error)")
            }
        }
    }
}
