import Calibration
import Testing

@testable import CorridorModel

/// Stylised facts the baseline should produce without being told to (Melitz selection,
/// concentration of exports, gravity; Lendle et al. 2016 for online trade).
@Suite("Emergent facts of the baseline")
struct EmergentFactsTests {
  @Test("Exporters are more productive than non-exporters, in every sector")
  func exportersMoreProductive() throws {
    let outcome = try BaselineRuns.shared.outcome(seed: 11)
    let firms = outcome.economy.firms
    for sector in Sector.allCases {
      var exporters: [Double] = []
      var others: [Double] = []
      for f in 0..<firms.count where firms.sector[f] == UInt8(sector.rawValue) {
        if firms.exportRevenue(f) > 0 {
          exporters.append(firms.productivity[f])
        } else {
          others.append(firms.productivity[f])
        }
      }
      let exporterMean = exporters.reduce(0, +) / Double(exporters.count)
      let otherMean = others.reduce(0, +) / Double(others.count)
      #expect(exporters.count > 20 && others.count > 20, "\(sector)")
      #expect(
        exporterMean > 1.2 * otherMean, "\(sector): exporters \(exporterMean), others \(otherMean)")
      // Selection, not only a difference of means: the median exporter beats the median other.
      #expect(
        exporters.sorted()[exporters.count / 2] > others.sorted()[others.count / 2], "\(sector)")
    }
  }

  @Test(
    "The top decile of exporters carries most export value (validation: 0.85 at the default scale)")
  func exportConcentration() throws {
    let outcome = try BaselineRuns.shared.outcome(seed: 11)
    let firms = outcome.economy.firms
    // As validation computes it: over real firms of the exporting sectors (an agent stands for
    // `weightFirms` firms, each with its share of the agent's exports).
    var exports: [Double] = []
    var weights: [Double] = []
    for f in 0..<firms.count
    where firms.sector[f] != UInt8(Sector.other.rawValue) && firms.exportRevenue(f) > 0 {
      exports.append(firms.exportRevenue(f))
      weights.append(firms.weightFirms[f])
    }
    let share = FactStatistics.topShare(totals: exports, weights: weights, topShare: 0.1)
    // The strata hold the cell's whole size distribution, the largest firms included (equal
    // agents would give about 0.5). At this fifth of the default firm agents the share is
    // 0.848; `brisim validate` at the default scale measures 0.852 against its ≥ 0.85.
    #expect(share >= 0.8 && share < 1, "top decile share \(share)")
  }

  @Test(
    "Gravity: flows fall with distance within the validation's range; B2C flows fall less than traditional trade"
  )
  func gravity() throws {
    let outcome = try BaselineRuns.shared.outcome(seed: 11)
    let n = outcome.world.count
    let distances = outcome.economy.distancesKm.values
    let traditional = try #require(
      GravityRegression.estimate(
        flows: GravityRegression.pairFlows(
          outcome.flows, countryCount: n, channels: [.traditional]),
        distancesKm: distances, countryCount: n))
    let b2c = try #require(
      GravityRegression.estimate(
        flows: GravityRegression.pairFlows(
          outcome.flows, countryCount: n, channels: [.b2cPlatform]),
        distancesKm: distances, countryCount: n))
    #expect(traditional.distanceElasticity < -0.3, "traditional \(traditional.distanceElasticity)")
    // The validation's range for the distance elasticity of traditional trade (observed −0.9).
    // Seed 11: −0.80 (−0.52 before wholesale buyers paid for days in transit, the cargo risk
    // and the payment terms).
    #expect(
      traditional.distanceElasticity >= -1.1 && traditional.distanceElasticity <= -0.7,
      "traditional \(traditional.distanceElasticity)")
    #expect(
      b2c.distanceElasticity > traditional.distanceElasticity, "B2C \(b2c.distanceElasticity)")
    #expect(traditional.observations > 500)
  }

  @Test(
    "The gravity regression recovers a known elasticity from synthetic flows with fixed effects")
  func gravityRecoversKnownElasticity() throws {
    let n = 12
    var distances = [Double](repeating: 1, count: n * n)
    var flows = [Double](repeating: 0, count: n * n)
    for o in 0..<n {
      for d in 0..<n where d != o {
        distances[o * n + d] = 500 + 300 * Double(abs(o - d)) + 40 * Double((o * 7 + d * 3) % 5)
        flows[o * n + d] =
          Double.exp(0.3 * Double(o) - 0.2 * Double(d)) * Double.pow(distances[o * n + d], -0.9)
      }
    }
    let estimate = try #require(
      GravityRegression.estimate(flows: flows, distancesKm: distances, countryCount: n))
    #expect(abs(estimate.distanceElasticity + 0.9) < 1e-9)
    #expect(estimate.rSquared > 0.999_999)
  }
}
