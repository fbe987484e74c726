// swift-tools-version: 6.1
// organics-stability: fixed points, Jacobians, spectra, exact 2D analysis and
// randomized sweeps for ORGaNICs circuits. One module per concept; see README.md.

import PackageDescription

let numerics: [Target.Dependency] = [
    .product(name: "RealModule", package: "swift-numerics"),
    .product(name: "ComplexModule", package: "swift-numerics"),
]
let propertyBased: Target.Dependency = .product(name: "PropertyBased", package: "swift-property-based")

let package = Package(
    name: "organics-stability",
    products: [
        .executable(name: "organics", targets: ["organics"]),
        .library(name: "OrganicsStability", targets: [
            "LinearAlgebra", "CircuitModel", "Randomness", "ExactArithmetic", "Symbolic",
            "JacobianBuilder", "FixedPointSolver", "Stability", "ExactStability", "Dynamics", "Sweep", "FiniteSizeScaling",
        ]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        // .npz case-file arrays are zip archives (stored or deflated): read with a maintained library.
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
    ],
    targets: [
        // The LAPACK boundary: a header of Fortran prototypes and inline wrappers.
        .systemLibrary(
            name: "CLAPACK",
            pkgConfig: "lapack",
            providers: [.apt(["liblapack-dev", "libopenblas-dev", "pkg-config"])]
        ),
        .target(name: "LinearAlgebra", dependencies: ["CLAPACK"] + numerics),
        .target(name: "Randomness"),
        .target(name: "CircuitModel", dependencies: [
            "LinearAlgebra", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ] + numerics),
        .target(name: "ExactArithmetic", dependencies: [.product(name: "BigInt", package: "BigInt")]),
        .target(name: "Symbolic", dependencies: ["ExactArithmetic"]),
        .target(name: "JacobianBuilder", dependencies: ["Symbolic", "CircuitModel", "LinearAlgebra"]),
        .target(name: "FixedPointSolver", dependencies: ["CircuitModel", "JacobianBuilder", "LinearAlgebra"] + numerics),
        .target(name: "Stability", dependencies: ["LinearAlgebra"] + numerics),
        .target(name: "ExactStability", dependencies: ["ExactArithmetic"]),
        .target(name: "Dynamics", dependencies: [
            "CircuitModel", "JacobianBuilder", "FixedPointSolver", "Stability", "LinearAlgebra", "Randomness",
        ] + numerics),
        .target(name: "Sweep", dependencies: [
            "CircuitModel", "JacobianBuilder", "FixedPointSolver", "Stability", "Dynamics", "LinearAlgebra", "Randomness",
        ] + numerics),
        .target(name: "FiniteSizeScaling", dependencies: ["Sweep", "Randomness"]),
        // glibc malloc tuning for the CLI process (Organics.keepFreedMemory).
        .target(name: "CMallocTuning"),
        .executableTarget(name: "organics", dependencies: [
            .product(name: "ArgumentParser", package: "swift-argument-parser"), "CMallocTuning",
            "LinearAlgebra", "CircuitModel", "Randomness", "ExactArithmetic", "Symbolic", "JacobianBuilder",
            "FixedPointSolver", "Stability", "ExactStability", "Dynamics", "Sweep", "FiniteSizeScaling",
        ], linkerSettings: [
            // The Swift runtime and Foundation linked in: no dynamic symbol resolution at start-up,
            // which measured 12.7 → 7.3 ms per process (`organics --help`), the floor of every
            // `organics solve` cell (notebooks-md/benchmarks.md). The binary grows 20 → 91 MB.
            // Passed at link time only (so the tests' build is shared), `-static-stdlib` does not
            // bring the static Foundation's own libraries: they are named here, as one group.
            .unsafeFlags(["-static-stdlib", "-Xlinker", "--start-group"]
                         + ["Foundation", "CoreFoundation", "FoundationInternationalization", "_FoundationICU",
                            "FoundationEssentials", "_FoundationCShims", "_FoundationCollections",
                            "swiftSynchronization", "dispatch", "swiftDispatch", "BlocksRuntime"].map { "-l" + $0 }
                         + ["-Xlinker", "--end-group"]),
        ]),

        // Shared test helpers: random circuits and matrices from a seed (never shipped).
        .target(name: "TestSupport", dependencies: ["CircuitModel", "LinearAlgebra", "Randomness"], path: "Tests/TestSupport"),

        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra", "TestSupport", "Randomness", propertyBased] + numerics),
        .testTarget(name: "RandomnessTests", dependencies: ["Randomness", propertyBased]),
        .testTarget(name: "CircuitModelTests", dependencies: ["CircuitModel", "LinearAlgebra", "TestSupport", "Randomness", propertyBased] + numerics),
        .testTarget(name: "ExactArithmeticTests", dependencies: ["ExactArithmetic", "Randomness", propertyBased]),
        .testTarget(name: "SymbolicTests", dependencies: ["Symbolic", "ExactArithmetic", "Randomness", propertyBased] + numerics),
        .testTarget(name: "JacobianBuilderTests", dependencies: ["JacobianBuilder", "Symbolic", "CircuitModel", "TestSupport", "Randomness", propertyBased] + numerics),
        .testTarget(name: "FixedPointSolverTests", dependencies: ["FixedPointSolver", "JacobianBuilder", "CircuitModel", "TestSupport", "Randomness", propertyBased] + numerics),
        .testTarget(name: "StabilityTests", dependencies: ["Stability", "FixedPointSolver", "JacobianBuilder", "CircuitModel", "TestSupport", "Randomness", propertyBased] + numerics),
        .testTarget(name: "ExactStabilityTests", dependencies: ["ExactStability", "ExactArithmetic", "Symbolic", "JacobianBuilder", "FixedPointSolver", "Stability", "CircuitModel", "TestSupport", "Randomness", propertyBased] + numerics),
        .testTarget(name: "DynamicsTests", dependencies: ["Dynamics", "Stability", "FixedPointSolver", "JacobianBuilder", "CircuitModel", "TestSupport", "Randomness", propertyBased] + numerics),
        .testTarget(name: "SweepTests", dependencies: ["Sweep", "Dynamics", "Stability", "FixedPointSolver", "CircuitModel", "TestSupport", "Randomness", propertyBased] + numerics),
        .testTarget(name: "FiniteSizeScalingTests", dependencies: ["FiniteSizeScaling", "Sweep", "Randomness", propertyBased]),
        .testTarget(name: "OrganicsCLITests", dependencies: ["CircuitModel", "TestSupport", "Randomness", propertyBased]),
    ]
)
