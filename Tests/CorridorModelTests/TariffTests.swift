import Engine
import Testing

@testable import CorridorModel

/// Tariffs from the country table's applied rates: preferences counted once, retaliation on
/// top of whatever rate a pair has.
@Suite("Tariffs: applied rates, preferences and retaliation")
struct TariffTests {
  let world = CountryTable.embedded

  func policy(_ plan: PolicyPlan = PolicyPlan(), month: Int = 0) throws -> PolicyState {
    let resolved = try ResolvedPolicyPlan(plan, world: world)
    let state = PolicyState(countryCount: world.count)
    state.update(month: month, world: world, plan: resolved, parameters: ModelParameters())
    return state
  }

  @Test(
    "A free-trade member's table rate is the gravity-weighted mean of its MFN and preferential rates"
  )
  func preferencesCountedOnce() throws {
    let state = try policy()
    let plan = try ResolvedPolicyPlan(PolicyPlan(), world: world)
    let n = world.count
    let distances = Geography.distanceMatrixKm(world.countries, internalDistanceKm: 1)
    let sector = Sector.other.rawValue
    let multiplier = ModelParameters().tariffMultiplierOther
    for code in ["VNM", "PAK", "CHN", "IND"] {
      let d = world.index(of: code)!
      // Σ_o w_o × tariff(d, o) / Σ_o w_o over d's imports from outside customs unions
      // (none for these four) is the table's applied rate, up to the sector multiplier.
      var weight = 0.0
      var weighted = 0.0
      for o in 0..<n where o != d {
        let w = world.countries[o].gdpUSD / distances[d * n + o]
        weight += w
        weighted += w * state.tariff(importer: d, exporter: o, sector: sector)
      }
      let applied = world.countries[d].appliedTariffRate * multiplier
      #expect(abs(weighted / weight - applied) < 1e-12 * max(applied, 1e-9), "\(code)")
      // An FTA member's MFN rate (on outsiders) is above its table rate; India has none.
      let outsider = world.index(of: "XNA")!
      let mfn = state.tariff(importer: d, exporter: outsider, sector: sector)
      if code == "IND" {
        #expect(plan.baseYearPreferenceFactor[d] == 1)
        #expect(abs(mfn - applied) < 1e-15)
      } else {
        #expect(mfn > applied, "\(code): MFN \(mfn), table \(applied)")
      }
    }
    // A customs union's internal trade is not in its members' applied rates: the EU's table
    // rate is its rate on outsiders.
    let poland = world.index(of: "POL")!
    #expect(plan.baseYearPreferenceFactor[poland] == 1)
    #expect(state.tariff(importer: poland, exporter: world.index(of: "XEU")!, sector: sector) == 0)
  }

  @Test("Retaliation adds to a preferential rate on China instead of being overwritten")
  func retaliationAndPreferencesCombine() throws {
    let vietnam = world.index(of: "VNM")!
    let china = world.chinaIndex
    var plan = PolicyPlan()
    plan.rules.append(
      PolicyRule(
        lever: .preferentialTariff, countries: .countries(["VNM"]), partners: .countries(["CHN"]),
        schedule: .constant(0.02)))
    let resolved = try ResolvedPolicyPlan(plan, world: world)
    let state = PolicyState(countryCount: world.count)
    state.retaliationTariffOnChina[vietnam] = 0.1
    state.update(month: 0, world: world, plan: resolved, parameters: ModelParameters())
    for sector in Sector.allCases {
      #expect(
        abs(state.tariff(importer: vietnam, exporter: china, sector: sector.rawValue) - 0.12)
          < 1e-15)
    }
    // Other exporters to Vietnam are untouched by either.
    let base = try policy()
    let thailand = world.index(of: "THA")!
    #expect(
      state.tariff(importer: vietnam, exporter: thailand, sector: 0)
        == base.tariff(importer: vietnam, exporter: thailand, sector: 0))
  }
}
