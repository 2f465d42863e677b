import ArgumentParser

/// `brisim bench`: performance benchmarks of the engine and models.
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run a benchmark model and report its speed.",
    subcommands: [BenchBoltzmann.self, BenchRNG.self])
}
