// swift-tools-version: 6.1
//
// BRISim: an agent-based simulation of cross-border e-commerce between China and the
// Belt-and-Road corridor countries. Dependencies flow one way:
// brisim → Cluster (Slurm scripts, MPI) → Experiments / Figures → models (BoltzmannWealth,
// CorridorModel) → Engine → Stochastic / DenseMatrix → CGSL / CBLAS (the system GSL and
// OpenBLAS). Figures reads result
// CSVs only and never imports a model.
import PackageDescription

let package = Package(
  name: "BRISim",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "brisim", targets: ["brisim"]),
    .library(name: "Stochastic", targets: ["Stochastic"]),
    .library(name: "DenseMatrix", targets: ["DenseMatrix"]),
    .library(name: "Engine", targets: ["Engine"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
    .package(url: "https://github.com/apple/swift-numerics", exact: "1.1.1"),
    .package(url: "https://github.com/yaslab/CSV.swift", exact: "2.5.2"),
    .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
  ],
  targets: [
    // Native libraries. GSL is linked without its pkg-config file on purpose: gsl.pc adds
    // -lgslcblas, and then cblas_* calls (ours and GSL's) may bind to GSL's slow reference BLAS.
    // The CGSL module map links gsl and openblas only; a test checks which library wins.
    .systemLibrary(
      name: "CGSL", path: "Sources/CGSL", providers: [.apt(["libgsl-dev"])]),
    .systemLibrary(
      name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas",
      providers: [.apt(["libopenblas-dev"])]),
    // Open MPI, optional: without its headers `pkg-config ompi-c` finds nothing, SwiftPM warns,
    // and CMPI's shim compiles to stubs (MPI.isAvailable is false); nothing links libmpi.
    .systemLibrary(
      name: "CMPI", path: "Sources/CMPI", pkgConfig: "ompi-c",
      providers: [.apt(["libopenmpi-dev"])]),

    .target(
      name: "Stochastic",
      dependencies: ["CGSL", .product(name: "RealModule", package: "swift-numerics")]),
    .target(name: "DenseMatrix", dependencies: ["CBLAS"]),
    .target(name: "Engine", dependencies: ["Stochastic"]),
    .target(name: "BoltzmannWealth", dependencies: ["Engine", "Stochastic"]),
    .target(
      name: "CorridorModel",
      dependencies: [
        "Engine", "Stochastic", "DenseMatrix",
        .product(name: "CSV", package: "CSV.swift"),
        .product(name: "RealModule", package: "swift-numerics"),
      ],
      exclude: ["Resources/README.md"],
      resources: [.embedInCode("Resources/countries.csv")]),
    .target(
      name: "Experiments",
      dependencies: [
        "CorridorModel", "Engine", "Stochastic", "ObservedData",
        .product(name: "Yams", package: "Yams"),
      ]),
    .target(
      name: "ObservedData",
      dependencies: [.product(name: "CSV", package: "CSV.swift")],
      exclude: ["Resources/README.md"],
      resources: [
        .embedInCode("Resources/cbec_china.csv"), .embedInCode("Resources/stylized_facts.csv"),
      ]),
    .target(
      name: "Calibration",
      dependencies: ["CGSL", "Stochastic", "Experiments", "CorridorModel", "ObservedData"]),
    .target(
      name: "Analysis",
      dependencies: ["CGSL", "Stochastic", "Engine", .product(name: "CSV", package: "CSV.swift")]),
    .target(name: "Cluster", dependencies: ["CMPI", "Engine", "Experiments"]),
    .target(
      name: "Figures",
      dependencies: [
        "CGSL", "Stochastic", "ObservedData", .product(name: "CSV", package: "CSV.swift"),
      ]),
    .executableTarget(
      name: "brisim",
      dependencies: [
        "Analysis", "BoltzmannWealth", "CorridorModel", "Experiments", "Figures", "Calibration",
        "Cluster", "Engine",
        "DenseMatrix", "Stochastic",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),

    .testTarget(name: "StochasticTests", dependencies: ["Stochastic", "CGSL"]),
    .testTarget(name: "DenseMatrixTests", dependencies: ["DenseMatrix", "Stochastic"]),
    .testTarget(name: "EngineTests", dependencies: ["Engine", "Stochastic"]),
    .testTarget(name: "BoltzmannWealthTests", dependencies: ["BoltzmannWealth", "Engine"]),
    .testTarget(
      name: "CorridorModelTests",
      dependencies: ["CorridorModel", "Engine", "DenseMatrix", "Stochastic", "Calibration", "CGSL"]),
    .testTarget(name: "ExperimentsTests", dependencies: ["Experiments", "CorridorModel"]),
    .testTarget(name: "FiguresTests", dependencies: ["Figures", "Stochastic"]),
    .testTarget(
      name: "AnalysisTests",
      dependencies: ["Analysis", "Engine", "Stochastic", "CGSL", "Experiments"]),
    .testTarget(name: "ObservedDataTests", dependencies: ["ObservedData"]),
    .testTarget(name: "ClusterTests", dependencies: ["Cluster"]),
    .testTarget(name: "CalibrationTests", dependencies: ["Calibration", "Stochastic"]),
    .testTarget(name: "BRISimCLITests", dependencies: ["brisim"]),
  ],
  swiftLanguageModes: [.v6]
)
