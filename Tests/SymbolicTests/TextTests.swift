import ExactArithmetic
import PropertyBased
import Randomness
import Testing
@testable import Symbolic

@Suite("Plain text, parsing and LaTeX (proofs/jacobian.md §3.5)")
struct TextTests {
    let a = Expression.symbol("a"), r = Expression.symbol("r"), x = Expression.symbol("x")

    @Test("Printed plain text parses back to the same canonical expression (§3.5)")
    func plainTextRoundTrips() async {
        await propertyCheck(count: 200, input: Gen.uint64()) { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            let e = RandomExpression().make(depth: 4, using: &rng).simplified()
            let text = e.plainText
            do {
                let parsed = try ExpressionParser.parse(text)
                #expect(parsed == e, "seed \(seed): \(text) parsed as \(parsed.plainText)")
            } catch {
                Issue.record("seed \(seed): \(text) does not parse: \(error)")
            }
        }
    }

    @Test("Known forms print as expected: -r/(2*sqrt(a)), max(x, 0), H(x) (§3.5)")
    func knownPlainText() {
        let derivative = ((Expression.one - sqrt(a)) * r).derivative(withRespectTo: "a")
        #expect(derivative.plainText == "-r/(2*sqrt(a))")
        #expect((ramp(x) + heaviside(x)).plainText == "max(x, 0) + H(x)")
        #expect((x.raised(to: 3) - .integer(2) * x + (Expression.fraction(1, 3) ?? .zero)).plainText == "1/3 - 2*x + x^3")
        #expect(x.raised(to: -2).plainText == "1/x^2")
    }

    @Test("LaTeX: fractions, square roots, Greek and subscripted symbols (§3.5)")
    func knownLaTeX() {
        let derivative = ((Expression.one - sqrt(a)) * r).derivative(withRespectTo: "a")
        #expect(derivative.latex() == "-\\frac{r}{2 \\sqrt{a}}")
        #expect((Expression.symbol("tau_y") * Expression.symbol("y_3")).latex() == "\\tau_{y} y_{3}")
        #expect(ramp(x).latex() == "\\max(x, 0)")
        #expect((Expression.one / (x + .one)).latex() == "\\frac{1}{1 + x}")
    }

    @Test("Malformed text is refused with a position, never a trap (§3.5)")
    func parserRefusals() {
        #expect(throws: ExpressionParseError.unexpectedEnd(expected: "a number, a symbol or '('")) {
            try ExpressionParser.parse("x +")
        }
        #expect(throws: ExpressionParseError.nonConstantExponent(position: 2)) { try ExpressionParser.parse("x^y") }
        #expect(throws: ExpressionParseError.unexpectedCharacter(")", position: 1)) { try ExpressionParser.parse("x)") }
        #expect(throws: ExpressionParseError.self) { try ExpressionParser.parse(String(repeating: "(", count: 500)) }
    }
}
