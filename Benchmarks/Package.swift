// swift-tools-version: 6.1
// Benchmarks for organics-stability: a separate package (as in swift-collections), so that
// `swift test` in the main package never times anything. Run with `make bench`.
import PackageDescription

let package = Package(
    name: "organics-bench",
    dependencies: [
        .package(name: "organics-stability", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "organics-bench",
            dependencies: [.product(name: "OrganicsStability", package: "organics-stability")],
            swiftSettings: [.unsafeFlags(["-Ounchecked"])]
        ),
    ]
)
