import Testing

/// The scalar operations the reference vector field needs, so that one generic copy of
/// the field runs on `Double` and on `DualNumber` (forward-mode differentiation).
protocol FieldScalar {
    init(_ constant: Double)
    static func + (lhs: Self, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Self) -> Self
    static func * (lhs: Self, rhs: Self) -> Self
    /// √x.
    var squareRoot: Self { get }
    /// max(x, 0).
    var positivePart: Self { get }
}

extension Double: FieldScalar {
    var squareRoot: Double { self.squareRoot() }
    var positivePart: Double { Swift.max(self, 0) }
}

/// x + ε x' with ε² = 0: every operation carries the exact derivative along one direction
/// (written independently of Symbolic: the rules are the textbook ones).
struct DualNumber: FieldScalar {
    var value: Double
    var derivative: Double

    init(_ constant: Double) { self.init(value: constant, derivative: 0) }
    init(value: Double, derivative: Double) {
        self.value = value
        self.derivative = derivative
    }

    static func + (lhs: DualNumber, rhs: DualNumber) -> DualNumber {
        DualNumber(value: lhs.value + rhs.value, derivative: lhs.derivative + rhs.derivative)
    }

    static func - (lhs: DualNumber, rhs: DualNumber) -> DualNumber {
        DualNumber(value: lhs.value - rhs.value, derivative: lhs.derivative - rhs.derivative)
    }

    static func * (lhs: DualNumber, rhs: DualNumber) -> DualNumber {
        DualNumber(value: lhs.value * rhs.value, derivative: lhs.derivative * rhs.value + lhs.value * rhs.derivative)
    }

    var squareRoot: DualNumber {
        let root = value.squareRoot()
        return DualNumber(value: root, derivative: derivative / (2 * root))
    }

    /// max(x, 0); at x = 0 the derivative 0 (left derivative), as the builder documents.
    var positivePart: DualNumber { value > 0 ? self : DualNumber(0) }
}

/// The helper itself: the dual-number rules reproduce derivatives known in closed form,
/// so a wrong rule here cannot silently agree with a wrong Jacobian.
@Test("dual numbers carry closed-form derivatives: (x²)' = 2x, (√x)' = 1/(2√x), max(x,0)' = H(x)")
func dualNumberRules() {
    let x = DualNumber(value: 2.25, derivative: 1)
    let square = x * x, root = x.squareRoot, difference = x - DualNumber(1)
    #expect(square.value == 5.0625 && square.derivative == 4.5)
    #expect(root.value == 1.5 && abs(root.derivative - 1 / 3) <= 1e-16)
    #expect(difference.derivative == 1 && (x + x).derivative == 2)
    #expect(x.positivePart.derivative == 1)
    #expect(DualNumber(value: -0.5, derivative: 1).positivePart.derivative == 0)
}
