import ArgumentParser
import Dispatch
import Stochastic

/// `brisim bench rng`: the cost of one random draw through each path a model can use.
struct BenchRNG: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rng",
    abstract: "Measure nanoseconds per draw for each generator and sampling path.",
    discussion: """
      Paths: the inlined xoshiro256** in a local generator (hot loops), the same through a \
      RandomStream, GSL's gsl_rng_uniform on xoshiro256** (registered as a GSL type), on \
      taus2 and on mt19937, and GSL's Gaussian sampler. Release builds only give meaningful \
      figures.
      """)

  @Option(help: "Draws per path (at least 1).")
  var draws: Int = 50_000_000

  func validate() throws {
    guard draws >= 1 else { throw ValidationError("--draws must be at least 1, got \(draws)") }
  }

  func run() {
    let seed: UInt64 = 1
    func measure(_ name: String, _ body: () -> Double) {
      let start = DispatchTime.now().uptimeNanoseconds
      let sink = body()
      let nanoseconds = Double(DispatchTime.now().uptimeNanoseconds - start) / Double(draws)
      // The sum is printed so that the compiler cannot drop the loop.
      print("\(name): \(nanoseconds) ns_per_draw (checksum \(sink))")
    }
    let count = draws
    measure("xoshiro256**_local_uniform") {
      RandomStream(seed: seed, stream: StreamID("bench")).withLocalGenerator { random in
        var sum = 0.0
        for _ in 0..<count { sum += random.uniform() }
        return sum
      }
    }
    measure("xoshiro256**_stream_uniform") {
      let stream = RandomStream(seed: seed, stream: StreamID("bench"))
      var sum = 0.0
      for _ in 0..<count { sum += stream.uniform() }
      return sum
    }
    for kind in [RandomGeneratorKind.xoshiro256StarStar, .taus2, .mt19937] {
      measure("gsl_ran_flat_\(kind.rawValue)") {
        let stream = RandomStream(seed: seed, stream: StreamID("bench"), generator: kind)
        var sum = 0.0
        for _ in 0..<count { sum += UniformDistribution(lower: 0, upper: 1).sample(stream) }
        return sum
      }
    }
    measure("gsl_ran_gaussian_ziggurat_xoshiro256**") {
      let stream = RandomStream(seed: seed, stream: StreamID("bench"))
      let normal = NormalDistribution()
      var sum = 0.0
      for _ in 0..<count { sum += normal.sample(stream) }
      return sum
    }
  }
}
