import Engine
import Stochastic

/// The instruments in force in one month, per country, pair and sector.
///
/// Rebuilt each step from the base values (country table and parameters), the trade
/// agreements, the plan's schedules, and the retaliation state.
public final class PolicyState: @unchecked Sendable {
  /// Number of countries.
  public let countryCount: Int
  /// Tariff on goods of sector s from exporter o into importer d: `tariff[(d·n + o)·S + s]`.
  public let tariff: AgentColumn<Double>
  /// De-minimis threshold of each importer, CNY.
  public let deMinimisCNY: AgentColumn<Double>
  /// Shares of the tariff and of the import VAT a dutiable B2C parcel into each importer
  /// pays (1: ordinary; a retail import regime lowers them).
  public let parcelDutyFactor: AgentColumn<Double>
  public let parcelVATFactor: AgentColumn<Double>
  /// Customs clearance days of each importer.
  public let clearanceDays: AgentColumn<Double>
  /// Extra infrastructure investment of each country, percent of GDP per year.
  public let infrastructureInvestmentPercentGDP: AgentColumn<Double>
  /// Floor on payment security of platforms serving each country.
  public let paymentSecurityFloor: AgentColumn<Double>
  /// Enforcement points added by legal reform / online dispute resolution.
  public let enforcementBoost: AgentColumn<Double>
  /// Export VAT refund rate of exporter o in sector s, share of its materials' value:
  /// `exportRebate[o·S + s]` (``CorridorEconomy/exportVATFactor(country:sector:)``).
  public let exportRebate: AgentColumn<Double>
  /// Express-carrier cooperation on parcels into each country (0–1).
  public let expressCooperation: AgentColumn<Double>
  /// Share of B2C orders into each country served from overseas warehouses (0–1).
  public let overseasWarehouseShare: AgentColumn<Double>
  /// Retaliatory tariff each country has put on Chinese goods (persistent state).
  public let retaliationTariffOnChina: AgentColumn<Double>
  /// Per route (o·n + d): the Belt-and-Road cuts of shipping time and of trade costs (0–0.9).
  public let routeShippingTimeCut: AgentColumn<Double>
  public let routeTradeCostCut: AgentColumn<Double>

  @usableFromInline static let sectorCount = Sector.allCases.count

  /// Index into ``tariff``.
  @inlinable
  public func tariffIndex(importer d: Int, exporter o: Int, sector s: Int) -> Int {
    (d * countryCount + o) * PolicyState.sectorCount + s
  }

  /// The tariff on sector `s` goods from `o` into `d`.
  @inlinable
  public func tariff(importer d: Int, exporter o: Int, sector s: Int) -> Double {
    tariff[tariffIndex(importer: d, exporter: o, sector: s)]
  }

  init(countryCount n: Int) {
    countryCount = n
    tariff = AgentColumn(count: n * n * PolicyState.sectorCount, repeating: 0)
    deMinimisCNY = AgentColumn(count: n, repeating: 0)
    clearanceDays = AgentColumn(count: n, repeating: 0)
    parcelDutyFactor = AgentColumn(count: n, repeating: 1)
    parcelVATFactor = AgentColumn(count: n, repeating: 1)
    infrastructureInvestmentPercentGDP = AgentColumn(count: n, repeating: 0)
    paymentSecurityFloor = AgentColumn(count: n, repeating: 0)
    enforcementBoost = AgentColumn(count: n, repeating: 0)
    exportRebate = AgentColumn(count: n * PolicyState.sectorCount, repeating: 0)
    expressCooperation = AgentColumn(count: n, repeating: 0)
    overseasWarehouseShare = AgentColumn(count: n, repeating: 0)
    retaliationTariffOnChina = AgentColumn(count: n, repeating: 0)
    routeShippingTimeCut = AgentColumn(count: n * n, repeating: 0)
    routeTradeCostCut = AgentColumn(count: n * n, repeating: 0)
  }

  /// Evaluates every instrument for `month`, keeping the retaliation state.
  func update(
    month: Int, world: CountryTable, plan: ResolvedPolicyPlan, parameters: ModelParameters
  ) {
    let n = countryCount
    let sectors = PolicyState.sectorCount
    let multipliers = [
      parameters.tariffMultiplierLaborIntensive, parameters.tariffMultiplierHighTech,
      parameters.tariffMultiplierOther,
    ]
    // MFN tariffs by importer and sector, then scheduled MFN changes.
    var mfn = [Double](repeating: 0, count: n * sectors)
    for d in 0..<n {
      for s in 0..<sectors {
        mfn[d * sectors + s] =
          world.countries[d].appliedTariffRate / plan.baseYearPreferenceFactor[d]
          * multipliers[s]
      }
    }
    for rule in plan.rules where rule.lever == .mfnTariff {
      for d in rule.countries {
        for s in rule.sectors {
          mfn[d * sectors + s] = rule.schedule.value(atMonth: month, base: mfn[d * sectors + s])
        }
      }
    }
    // Pairwise tariffs: MFN, agreements in force, then preferential rules (which set the
    // pair's rate, starting from the agreement's), then retaliation on top of whatever the
    // pair's rate is: a preferential rule on China does not erase a retaliatory tariff.
    let china = world.chinaIndex
    for d in 0..<n {
      for o in 0..<n {
        let multiplier =
          o == d ? 0 : plan.agreementMultiplier(importer: d, exporter: o, month: month)
        for s in 0..<sectors {
          tariff[(d * n + o) * sectors + s] = mfn[d * sectors + s] * multiplier
        }
      }
    }
    for rule in plan.rules where rule.lever == .preferentialTariff {
      for d in rule.countries {
        for o in rule.partners where o != d {
          for s in rule.sectors {
            let index = (d * n + o) * sectors + s
            tariff[index] = rule.schedule.value(atMonth: month, base: tariff[index])
          }
        }
      }
    }
    for d in 0..<n where d != china && retaliationTariffOnChina[d] > 0 {
      for s in 0..<sectors {
        tariff[(d * n + china) * sectors + s] += retaliationTariffOnChina[d]
      }
    }

    for c in 0..<n {
      deMinimisCNY[c] = parameters.deMinimisDefaultUSD
      parcelDutyFactor[c] = 1
      parcelVATFactor[c] = 1
      clearanceDays[c] =
        parameters.clearanceDaysBase + parameters.clearanceDaysPerLPIPoint
        * (5 - world.countries[c].lpiScore)
      infrastructureInvestmentPercentGDP[c] = 0
      paymentSecurityFloor[c] = 0
      enforcementBoost[c] = 0
      expressCooperation[c] = 0
      overseasWarehouseShare[c] = 0
      for s in 0..<sectors {
        // Exports are zero-rated: their input VAT is refunded in full, but for China's.
        exportRebate[c * sectors + s] =
          c == china ? parameters.exportRebateRate : parameters.importVATRate
      }
    }
    // Belt-and-Road corridor cuts: on the routes between the rule's countries and between each
    // of them and China, both ways (a later rule on a route overrides an earlier one).
    routeShippingTimeCut.fill(0)
    routeTradeCostCut.fill(0)
    for rule in plan.rules
    where rule.lever == .corridorShippingTimeCut || rule.lever == .corridorTradeCostCut {
      let cuts = rule.lever == .corridorShippingTimeCut ? routeShippingTimeCut : routeTradeCostCut
      let members = Set(rule.countries + [china])
      for o in members {
        for d in members where d != o {
          cuts[o * n + d] = rule.schedule.value(atMonth: month, base: cuts[o * n + d])
        }
      }
    }

    for rule in plan.rules {
      for c in rule.countries {
        switch rule.lever {
        case .mfnTariff, .preferentialTariff, .corridorShippingTimeCut, .corridorTradeCostCut: break
        case .deMinimisUSD:
          deMinimisCNY[c] = rule.schedule.value(atMonth: month, base: deMinimisCNY[c])
        case .parcelDutyFactor:
          parcelDutyFactor[c] = rule.schedule.value(atMonth: month, base: parcelDutyFactor[c])
        case .parcelVATFactor:
          parcelVATFactor[c] = rule.schedule.value(atMonth: month, base: parcelVATFactor[c])
        case .clearanceDays:
          clearanceDays[c] = rule.schedule.value(atMonth: month, base: clearanceDays[c])
        case .infrastructureInvestmentPercentGDP:
          infrastructureInvestmentPercentGDP[c] = rule.schedule.value(
            atMonth: month, base: infrastructureInvestmentPercentGDP[c])
        case .paymentSecurityFloor:
          paymentSecurityFloor[c] = rule.schedule.value(
            atMonth: month, base: paymentSecurityFloor[c])
        case .enforcementBoost:
          enforcementBoost[c] = rule.schedule.value(atMonth: month, base: enforcementBoost[c])
        case .exportRebate:
          for s in rule.sectors {
            exportRebate[c * sectors + s] = rule.schedule.value(
              atMonth: month, base: exportRebate[c * sectors + s])
          }
        case .expressCooperation:
          expressCooperation[c] = rule.schedule.value(atMonth: month, base: expressCooperation[c])
        case .overseasWarehouseShare:
          overseasWarehouseShare[c] = rule.schedule.value(
            atMonth: month, base: overseasWarehouseShare[c])
        }
      }
    }
    // De minimis is scheduled in USD; convert once.
    for c in 0..<n { deMinimisCNY[c] *= parameters.cnyPerUSD }
  }
}

/// A policy plan with country codes resolved to indices and checked against the world.
struct ResolvedPolicyPlan: Sendable {
  struct Rule: Sendable {
    let lever: PolicyLever
    let countries: [Int]
    let partners: [Int]
    let sectors: [Int]
    let schedule: Schedule
  }

  let rules: [Rule]
  /// Per agreement: member flags by country index, multiplier, start month, customs union.
  private let agreements: [(members: [Bool], multiplier: Double, since: Int, union: Bool)]
  /// Per importer d: the country table's applied rate over its MFN rate. The table's rate is
  /// the mean of the rates d effectively applies, preferential ones included, over its imports
  /// from outside its customs unions, so applied_d = MFN_d × Σ_o w_o·m_od / Σ_o w_o, with m_od
  /// the multiplier of the free-trade areas d and o shared at the start (1 if none) and w_o
  /// o's expected share of d's imports, by gravity (GDP_o / distance_od). The MFN rate is
  /// the table's rate divided by this factor, so that preferences are not counted twice: once
  /// in the table's mean and again by the agreement's multiplier.
  let baseYearPreferenceFactor: [Double]

  /// Resolves `plan` against `world`.
  /// - Throws: ``ModelInputError`` for unknown country codes or values out of a lever's range.
  init(_ plan: PolicyPlan, world: CountryTable) throws {
    var rules: [Rule] = []
    for (index, rule) in plan.rules.enumerated() {
      let source = "policy rule \(index + 1) (\(rule.lever.rawValue))"
      for selector in [rule.countries] + (rule.partners.map { [$0] } ?? []) {
        let unknown = selector.unknownCodes(in: world)
        if !unknown.isEmpty {
          throw ModelInputError(
            source: source, message: "unknown country code(s) \(unknown.joined(separator: ", "))")
        }
      }
      if rule.lever.needsPartners && rule.partners == nil {
        throw ModelInputError(
          source: source, message: "a preferential tariff needs partner countries")
      }
      if rule.sector != nil && !rule.lever.acceptsSector {
        throw ModelInputError(
          source: source, message: "\(rule.lever.rawValue) does not take a sector")
      }
      for segment in rule.schedule.segments {
        let value: Double
        switch segment {
        case .step(_, let v): value = v
        case .ramp(_, _, let v): value = v
        }
        if !rule.lever.range.contains(value) || !value.isFinite {
          throw ModelInputError(
            source: source,
            message:
              "value \(value) is out of range; expected \(rule.lever.range.lowerBound) to \(rule.lever.range.upperBound)"
          )
        }
      }
      rules.append(
        Rule(
          lever: rule.lever, countries: rule.countries.indices(in: world),
          partners: rule.partners?.indices(in: world) ?? [],
          sectors: rule.sector.map { [$0.rawValue] } ?? Sector.allCases.map(\.rawValue),
          schedule: rule.schedule))
    }
    self.rules = rules
    let agreements = plan.agreements.map { agreement in
      var members = [Bool](repeating: false, count: world.count)
      for code in agreement.members {
        if let index = world.index(of: code) { members[index] = true }
      }
      return (
        members: members, multiplier: agreement.tariffMultiplier, since: agreement.sinceMonth,
        union: agreement.isCustomsUnion
      )
    }
    self.agreements = agreements
    let n = world.count
    let distances = Geography.distanceMatrixKm(world.countries, internalDistanceKm: 1)
    baseYearPreferenceFactor = (0..<n).map { d in
      var weight = 0.0
      var preferred = 0.0
      for o in 0..<n where o != d {
        let shared = agreements.filter { $0.since <= 0 && $0.members[d] && $0.members[o] }
        // Imports from a customs-union partner are not in the applied mean at all.
        guard !shared.contains(where: \.union) else { continue }
        let multiplier = shared.map(\.multiplier).min() ?? 1
        let w = world.countries[o].gdpUSD / max(distances[d * n + o], 1)
        weight += w
        preferred += w * multiplier
      }
      return weight > 0 && preferred > 0 ? preferred / weight : 1
    }
  }

  /// The lowest tariff multiplier of the agreements in force that `d` and `o` share (1 if none).
  func agreementMultiplier(importer d: Int, exporter o: Int, month: Int) -> Double {
    var multiplier = 1.0
    for agreement in agreements
    where month >= agreement.since && agreement.members[d] && agreement.members[o] {
      multiplier = min(multiplier, agreement.multiplier)
    }
    return multiplier
  }
}
