import ExactArithmetic
import PropertyBased
import Randomness
import Testing

@Suite("Rational: exact field arithmetic over BigInt")
struct RationalTests {
    @Test("Field axioms on random rationals (associativity, distributivity, inverses)")
    func fieldAxioms() async {
        await propertyCheck(count: 100, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let x = rng.nextRational(), y = rng.nextLargeRational(), z = rng.nextRational()
            #expect((x + y) + z == x + (y + z))
            #expect((x * y) * z == x * (y * z))
            #expect(x * (y + z) == x * y + x * z)
            #expect(x + y == y + x && x * y == y * x)
            #expect(x - x == .zero && x + .zero == x && x * .one == x)
            if let inverse = y.reciprocal { #expect(y * inverse == .one) } else { #expect(y.isZero) }
            if let quotient = x / y { #expect(quotient * y == x) } else { #expect(y.isZero) }
            #expect((x < y) == ((y - x).signum > 0))
            for value in [x, y, z, x * y, x + y] {
                #expect(value.denominator > 0)
                #expect(value.numerator.magnitude.greatestCommonDivisor(with: value.denominator.magnitude) == 1)
            }
        }
    }

    @Test("Print then parse is the identity; decimals parse exactly (0.1 = 1/10)")
    func parsePrintRoundTrip() async throws {
        await propertyCheck(count: 200, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let x = rng.nextLargeRational()
            #expect((try? Rational(parsing: x.description)) == x)
        }
        #expect(try Rational(parsing: "0.1") == Rational(1, 10))
        #expect(try Rational(parsing: "-1.25e-1") == Rational(-1, 8))
        #expect(try Rational(parsing: " 3/-6 ") == Rational(-1, 2))
        #expect(throws: RationalParseError.self) { try Rational(parsing: "1/0") }
        #expect(throws: RationalParseError.self) { try Rational(parsing: "0x12") }
        #expect(throws: RationalParseError.self) { try Rational(parsing: "") }
    }

    @Test("Rational(exactly: x).doubleApproximation == x for random bit patterns, subnormals included")
    func exactDoubleConversion() async {
        await propertyCheck(count: 300, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            for x in [Double(bitPattern: rng.next()), Double(bitPattern: rng.next() >> 12), rng.nextGaussian()] where x.isFinite {
                #expect(Rational(exactly: x)?.doubleApproximation == x)
            }
        }
        for x in [Double.leastNonzeroMagnitude, -Double.leastNormalMagnitude, Double.greatestFiniteMagnitude, 0.1, -0.0] {
            #expect(Rational(exactly: x)?.doubleApproximation == x)
        }
        #expect(Rational(exactly: .nan) == nil && Rational(exactly: -.infinity) == nil)
    }

    @Test("Rounded decimals are within half a unit of the last digit")
    func roundedDecimal() async {
        #expect(Rational(2, 3)?.roundedDecimalString(digits: 3) == "0.667")
        #expect(Rational(-1, 8)?.roundedDecimalString(digits: 2) == "-0.13")
        #expect(Rational(-1, 1000)?.roundedDecimalString(digits: 2) == "0.00")
        await propertyCheck(count: 200, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let x = rng.nextLargeRational(), digits = rng.nextIndex(below: 20)
            let text = x.roundedDecimalString(digits: digits)
            let half = (Rational(10).power(-digits) ?? .one) * (Rational(1, 2) ?? .one)
            if let decimal = try? Rational(parsing: text) { #expect((decimal - x).magnitude <= half) } else { Issue.record("unparsable \(text)") }
        }
    }
}
