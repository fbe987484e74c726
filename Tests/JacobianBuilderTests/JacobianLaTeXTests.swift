import CircuitModel
import JacobianBuilder
import Testing

@Suite("LaTeX of the symbolic blocks (proofs/jacobian.md eq. 3.15)")
struct JacobianLaTeXTests {
    @Test("paper: the printed blocks are MATH.md §2 with s = √a, r = W_r y")
    func paperBlocksMatchMath() {
        let expected = """
        J = \\begin{pmatrix}
        \\operatorname{diag}(1/\\tau_y) \\left(-I + \\operatorname{diag}\\left(1 - \\sqrt{a}\\right) W_r\\right) & \\operatorname{diag}(1/\\tau_y) \\operatorname{diag}\\left(-\\frac{r}{2 \\sqrt{a}}\\right) \\\\
        \\operatorname{diag}(1/\\tau_a) W \\operatorname{diag}\\left(2 a y\\right) & \\operatorname{diag}(1/\\tau_a) \\left(-I + W \\operatorname{diag}\\left(y^{2}\\right)\\right)
        \\end{pmatrix}
        """
        #expect(JacobianBuilder.blockLaTeX(for: .paper) == expected)
    }

    @Test("rectified variants carry H(y) on columns and H(W_r y) on rows (MATH.md §2)")
    func rectifiedBlocksCarryHeaviside() {
        let rectified = JacobianBuilder.symbolicBlocks(for: .rectified, latex: false)
        #expect(rectified.yy == "-I + diag(1 - sqrt(a)) * W_r * diag(H(y))")
        #expect(rectified.ay == "W * diag(2*a*max(y, 0)*H(y))")
        let recurrence = JacobianBuilder.symbolicBlocks(for: .rectifiedRecurrence, latex: false)
        #expect(recurrence.yy == "-I + diag((1 - sqrt(a))*H(r)) * W_r")
        #expect(recurrence.ya == "diag(-max(r, 0)/(2*sqrt(a)))")
    }
}
