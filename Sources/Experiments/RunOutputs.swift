import CorridorModel
import Engine
import Foundation

/// How often trade flows are written.
public enum FlowFrequency: String, Sendable, CaseIterable {
  /// One row per (month, origin, destination, channel, sector).
  case monthly
  /// Summed over calendar years.
  case yearly
}

/// Streams a run's tidy tables — `world.csv`, `corridors.csv`, `countries.csv`, `flows.csv`,
/// `platforms.csv` — as the economy
/// steps. Each table goes to a hidden temporary file and is renamed into place by
/// ``finish()``; ``discard()`` leaves nothing behind.
public final class RunOutputs {
  let economy: CorridorEconomy
  let world: CSVTableWriter?
  let corridors: CSVTableWriter?
  let countries: CSVTableWriter?
  let flows: CSVTableWriter?
  let platforms: CSVTableWriter?
  let flowFrequency: FlowFrequency
  /// Statistics of world.csv columns for the experiment's summary.
  public let summary: SummaryAccumulator
  /// Yearly flow accumulator (origin, destination, channel, sector).
  var flowAccumulator: [Double]
  var accumulatedYear: Int?
  /// Each corridor with countries (China excluded), its member countries and their population
  /// (millions), fixed for the run.
  let corridorMembers: [(corridor: Corridor, members: [Int], persons: Double)]

  /// Columns of `world.csv`.
  public static let worldColumns = [
    "date", "china_cbec_cny", "china_cbec_exports_cny", "china_cbec_imports_cny",
    "cbec_export_share",
    "china_b2b_cny", "china_b2c_cny", "china_b2c_exports_cny", "china_b2c_imports_cny",
    "b2b_share", "b2c_share",
    "china_traditional_trade_cny",
    "china_total_trade_cny", "china_exports_cny", "china_imports_cny",
    "china_exports_labor_intensive_cny", "china_exports_high_tech_cny", "china_exports_other_cny",
    "china_labor_intensive_share_of_manufactured_exports",
    "china_exporters_labor_intensive", "china_exporters_high_tech", "china_exporters_other",
    "world_exporters_labor_intensive", "world_exporters_high_tech", "world_exporters_other",
    "mean_b2c_delivery_days", "dutiable_parcel_share", "lost_parcel_share", "late_parcel_share",
    "b2c_fraud_loss_cny", "b2b_fraud_loss_cny", "default_loss_cny",
    "trade_credit_sales_cny", "letter_of_credit_sales_cny", "domestic_online_sales_cny",
    "china_online_retail_share", "china_mean_online_familiarity",
    "b2c_fraud_rate", "domestic_online_fraud_rate",
    "mean_trust", "tariff_revenue_cny", "relocations", "relocations_from_china",
    "relocated_firms_from_china", "platform_switching_firms", "firm_exits", "market_entries",
    "market_exits",
    "accounting_residual",
  ]

  /// Columns of `corridors.csv`: China's trade with the countries of one corridor (the
  /// rest-of-world regions form the corridor `ROW`; China itself has no row). Exports and
  /// imports are China's; trust is population-weighted, delivery days order-weighted; fraud and
  /// default losses are those of the corridor's buyers.
  public static let corridorColumns = [
    "date", "corridor", "china_exports_cny", "china_imports_cny", "china_cbec_exports_cny",
    "china_cbec_imports_cny", "china_b2c_exports_cny", "mean_trust", "mean_b2c_delivery_days",
    "b2c_fraud_loss_cny", "default_loss_cny",
  ]

  /// Columns of `countries.csv`.
  public static let countryColumns = [
    "date", "iso3", "corridor", "exports_cny", "imports_cny", "exports_to_china_cny",
    "imports_from_china_cny", "cbec_exports_cny", "cbec_imports_cny", "b2c_imports_cny",
    "mean_trust", "online_share", "wage_cny_per_month", "gdp_cny_per_month", "effective_lpi",
    "enforcement", "tariff_revenue_cny", "b2c_fraud_loss_cny", "default_loss_cny",
    "trade_credit_sales_cny", "domestic_online_sales_cny", "online_retail_share",
    "mean_online_familiarity",
    "mean_b2c_delivery_days", "dutiable_parcel_share", "retail_sales_cny", "firms",
    "exporters", "b2b_adopter_share",
    "b2c_adopter_share",
    "relocated_firms_abroad", "retaliation_tariff_on_china",
  ]

  /// Columns of `platforms.csv`: each platform's state at the month's end. Sellers are real
  /// firms listed (adopters of its kind that chose it); buyers are last month's purchases
  /// (B2C orders, B2B supplier orders) through it; the value share is its part of its kind's
  /// platform revenue; revenue is commissions and membership fees; GMV the goods value bought
  /// through it (net of taxes, frauds excluded).
  public static let platformColumns = [
    "date", "platform", "kind", "home", "commission_rate", "payment_security", "reputation",
    "sellers", "buyers", "value_share", "revenue_cny", "gmv_cny",
  ]

  /// Columns of `flows.csv`.
  public static let flowColumns = [
    "period", "origin", "destination", "channel", "sector", "value_cny",
  ]

  /// The columns of `table`.
  public static func columns(of table: OutputTable) -> [String] {
    switch table {
    case .world: return worldColumns
    case .corridors: return corridorColumns
    case .countries: return countryColumns
    case .flows: return flowColumns
    case .platforms: return platformColumns
    }
  }

  /// Opens the chosen tables in `directory` (which must exist).
  public init(
    economy: CorridorEconomy, directory: String,
    tables: Set<OutputTable> = Set(OutputTable.allCases),
    flowFrequency: FlowFrequency = .yearly, summary: [SummaryMetric] = []
  ) throws {
    self.economy = economy
    self.flowFrequency = flowFrequency
    world =
      tables.contains(.world)
      ? try CSVTableWriter(path: "\(directory)/world.csv", columns: Self.worldColumns) : nil
    corridors =
      tables.contains(.corridors)
      ? try CSVTableWriter(path: "\(directory)/corridors.csv", columns: Self.corridorColumns)
      : nil
    countries =
      tables.contains(.countries)
      ? try CSVTableWriter(path: "\(directory)/countries.csv", columns: Self.countryColumns) : nil
    flows =
      tables.contains(.flows)
      ? try CSVTableWriter(path: "\(directory)/flows.csv", columns: Self.flowColumns) : nil
    platforms =
      tables.contains(.platforms)
      ? try CSVTableWriter(path: "\(directory)/platforms.csv", columns: Self.platformColumns)
      : nil
    flowAccumulator = [Double](repeating: 0, count: economy.metrics.flowValueCNY.count)
    let countryList = economy.world.countries
    corridorMembers = Corridor.allCases.filter { $0 != .china }.compactMap { corridor in
      let members = countryList.indices.filter { countryList[$0].corridor == corridor }
      guard !members.isEmpty else { return nil }
      return (corridor, members, members.reduce(0) { $0 + countryList[$1].populationMillions })
    }
    self.summary = SummaryAccumulator(
      metrics: summary, columns: Array(Self.worldColumns.dropFirst()))
  }

  /// The files this writer produces.
  public var fileNames: [String] {
    [world, corridors, countries, flows, platforms].compactMap {
      $0?.path.split(separator: "/").last.map(String.init)
    }
  }

  /// Writes the rows of the latest calendar month (call after each step; spin-up steps are
  /// skipped) and feeds the summary.
  public func record() throws {
    guard !economy.isSpinningUp else { return }
    let month = economy.calendarMonth
    let date = economy.calendar.isoMonth(ofStep: month)
    let year = economy.calendar.yearMonth(ofStep: month).year
    let row = worldRow()
    summary.observe(year: year, row: row)
    if let world {
      world.append(date)
      for value in row { world.append(value) }
      try world.endRow()
    }
    if corridors != nil { try writeCorridorRows(date: date) }
    if countries != nil { try writeCountryRows(date: date) }
    if platforms != nil { try writePlatformRows(date: date) }
    guard flows != nil else { return }
    switch flowFrequency {
    case .monthly:
      try writeFlows(period: date, values: economy.metrics.flowValueCNY)
    case .yearly:
      if let accumulatedYear, accumulatedYear != year { try flushYear() }
      accumulatedYear = year
      for index in flowAccumulator.indices {
        flowAccumulator[index] += economy.metrics.flowValueCNY[index]
      }
    }
  }

  /// Completes the tables (the last year of flows included) and renames them into place.
  public func finish() throws {
    if flows != nil, flowFrequency == .yearly, accumulatedYear != nil { try flushYear() }
    try world?.finish()
    try corridors?.finish()
    try countries?.finish()
    try flows?.finish()
    try platforms?.finish()
  }

  /// Abandons the tables; nothing is left at their paths.
  public func discard() {
    world?.discard()
    corridors?.discard()
    countries?.discard()
    flows?.discard()
    platforms?.discard()
  }

  private func flushYear() throws {
    guard let accumulatedYear else { return }
    try writeFlows(period: String(accumulatedYear), values: flowAccumulator)
    for index in flowAccumulator.indices { flowAccumulator[index] = 0 }
  }

  private func writeFlows(period: String, values: [Double]) throws {
    guard let flows else { return }
    let n = economy.world.count
    let metrics = economy.metrics
    for o in 0..<n {
      for d in 0..<n where d != o {
        for channel in Channel.allCases {
          for sector in Sector.allCases {
            let value = values[
              metrics.flowIndex(
                origin: o, destination: d, channel: channel.rawValue, sector: sector.rawValue)]
            guard value != 0 else { continue }
            flows.append(period)
            flows.append(economy.world.countries[o].iso3)
            flows.append(economy.world.countries[d].iso3)
            flows.append(channel.description)
            flows.append(sector.description)
            flows.append(value)
            try flows.endRow()
          }
        }
      }
    }
  }

  /// This month's world.csv values, in column order (after the date).
  func worldRow() -> [Double] {
    let m = economy.metrics
    let n = economy.world.count
    let china = economy.world.chinaIndex
    let all = Array(0..<n)
    let ecommerce: [Channel] = [.b2bPlatform, .b2cPlatform]
    let cbecExports = m.flowTotal(origins: [china], destinations: all, channels: ecommerce)
    let cbecImports = m.flowTotal(origins: all, destinations: [china], channels: ecommerce)
    let cbec = cbecExports + cbecImports
    let b2b =
      m.flowTotal(origins: [china], destinations: all, channels: [.b2bPlatform])
      + m.flowTotal(origins: all, destinations: [china], channels: [.b2bPlatform])
    let b2c = cbec - b2b
    let exports = m.flowTotal(origins: [china], destinations: all)
    let imports = m.flowTotal(origins: all, destinations: [china])
    let traditional = exports + imports - cbec
    let bySector = Sector.allCases.map {
      m.flowTotal(origins: [china], destinations: all, sectors: [$0])
    }
    let manufactured = bySector[0] + bySector[1]
    let sectors = Sector.allCases.count
    func exporters(_ countries: [Int], _ sector: Sector) -> Double {
      countries.reduce(0) { $0 + m.exporters[$1 * sectors + sector.rawValue] }
    }
    let orders = m.crossBorderOrders.reduce(0, +)
    let persons = (0..<n).reduce(0.0) { $0 + economy.world.countries[$1].populationMillions }
    let meanTrust =
      (0..<n).reduce(0.0) { $0 + m.meanTrust[$1] * economy.world.countries[$1].populationMillions }
      / persons
    let b2bFraud = m.b2bFraudLossCNY.reduce(0, +)
    let values: [Double] = [
      cbec, cbecExports, cbecImports, ratio(cbecExports, cbec), b2b, b2c,
      m.flowTotal(origins: [china], destinations: all, channels: [.b2cPlatform]),
      m.flowTotal(origins: all, destinations: [china], channels: [.b2cPlatform]), ratio(b2b, cbec),
      ratio(b2c, cbec),
      traditional, exports + imports, exports, imports, bySector[0], bySector[1], bySector[2],
      ratio(bySector[0], manufactured),
      exporters([china], .laborIntensive), exporters([china], .highTech),
      exporters([china], .other),
      exporters(all, .laborIntensive), exporters(all, .highTech), exporters(all, .other),
      ratio(m.deliveryDaysOrderSum.reduce(0, +), orders),
      ratio(m.dutiableOrders.reduce(0, +), orders), ratio(m.lostOrders.reduce(0, +), orders),
      ratio(m.lateOrders.reduce(0, +), orders),
      m.fraudLossCNY.reduce(0, +) - b2bFraud,
      b2bFraud,
      m.defaultLossCNY.reduce(0, +), m.tradeCreditSalesCNY.reduce(0, +),
      m.letterOfCreditSalesCNY.reduce(0, +), m.domesticOnlineSalesCNY.reduce(0, +),
      ratio(m.onlineRetailSpendCNY[china], m.householdTradablesBudgetCNY[china]),
      m.meanOnlineFamiliarity[china],
      ratio(m.fraudOrders.reduce(0, +), orders),
      ratio(m.domesticOnlineFraudOrders.reduce(0, +), m.domesticOnlineOrders.reduce(0, +)),
      meanTrust, m.tariffRevenueCNY.reduce(0, +),
      m.relocations,
      m.relocationsFromChina, m.relocatedFirmsByHomeCountry[china], m.platformSwitches, m.exits,
      m.marketEntries,
      m.marketExits,
      m.accountingResidual,
    ]
    return values
  }

  private func writeCorridorRows(date: String) throws {
    guard let corridors else { return }
    let m = economy.world
    let metrics = economy.metrics
    let china = m.chinaIndex
    let ecommerce: [Channel] = [.b2bPlatform, .b2cPlatform]
    for (corridor, members, persons) in corridorMembers {
      let trust =
        members.reduce(0.0) { $0 + metrics.meanTrust[$1] * m.countries[$1].populationMillions }
      let days = members.reduce(0.0) { $0 + metrics.deliveryDaysOrderSum[$1] }
      let orders = members.reduce(0.0) { $0 + metrics.crossBorderOrders[$1] }
      let b2bFraud = members.reduce(0.0) { $0 + metrics.b2bFraudLossCNY[$1] }
      let values: [Double] = [
        metrics.flowTotal(origins: [china], destinations: members),
        metrics.flowTotal(origins: members, destinations: [china]),
        metrics.flowTotal(origins: [china], destinations: members, channels: ecommerce),
        metrics.flowTotal(origins: members, destinations: [china], channels: ecommerce),
        metrics.flowTotal(origins: [china], destinations: members, channels: [.b2cPlatform]),
        ratio(trust, persons), ratio(days, orders),
        members.reduce(0.0) { $0 + metrics.fraudLossCNY[$1] } - b2bFraud,
        members.reduce(0.0) { $0 + metrics.defaultLossCNY[$1] },
      ]
      corridors.append(date)
      corridors.append(corridor.rawValue)
      for value in values { corridors.append(value) }
      try corridors.endRow()
    }
  }

  private func writeCountryRows(date: String) throws {
    guard let countries else { return }
    let m = economy.metrics
    let n = economy.world.count
    let china = economy.world.chinaIndex
    let all = Array(0..<n)
    let ecommerce: [Channel] = [.b2bPlatform, .b2cPlatform]
    let sectors = Sector.allCases.count
    for c in 0..<n {
      let country = economy.world.countries[c]
      let firms = (0..<sectors).reduce(0.0) { $0 + m.firms[c * sectors + $1] }
      let b2bAdopters = (0..<sectors).reduce(0.0) { $0 + m.b2bAdopters[c * sectors + $1] }
      let b2cAdopters = (0..<sectors).reduce(0.0) { $0 + m.b2cAdopters[c * sectors + $1] }
      let exporters = (0..<sectors).reduce(0.0) { $0 + m.exporters[c * sectors + $1] }
      let b2fraud = m.fraudLossCNY[c] - m.b2bFraudLossCNY[c]
      let values: [Double] = [
        m.flowTotal(origins: [c], destinations: all), m.flowTotal(origins: all, destinations: [c]),
        c == china ? 0 : m.flowTotal(origins: [c], destinations: [china]),
        c == china ? 0 : m.flowTotal(origins: [china], destinations: [c]),
        m.flowTotal(origins: [c], destinations: all, channels: ecommerce),
        m.flowTotal(origins: all, destinations: [c], channels: ecommerce),
        m.flowTotal(origins: all, destinations: [c], channels: [.b2cPlatform]),
        m.meanTrust[c], m.onlineShare[c], m.wageCNY[c], m.gdpCNYPerMonth[c], m.effectiveLPI[c],
        m.enforcement[c],
        m.tariffRevenueCNY[c], b2fraud, m.defaultLossCNY[c], m.tradeCreditSalesCNY[c],
        m.domesticOnlineSalesCNY[c],
        ratio(m.onlineRetailSpendCNY[c], m.householdTradablesBudgetCNY[c]),
        m.meanOnlineFamiliarity[c],
        ratio(m.deliveryDaysOrderSum[c], m.crossBorderOrders[c]),
        ratio(m.dutiableOrders[c], m.crossBorderOrders[c]),
        (0..<sectors).reduce(0.0) { $0 + economy.retailSalesCNY[c * sectors + $1] },
        firms, exporters, ratio(b2bAdopters, firms), ratio(b2cAdopters, firms),
        m.relocatedFirmsByHomeCountry[c],
        m.retaliationTariffOnChina[c],
      ]
      countries.append(date)
      countries.append(country.iso3)
      countries.append(country.corridor.rawValue)
      for value in values { countries.append(value) }
      try countries.endRow()
    }
  }

  private func writePlatformRows(date: String) throws {
    guard let platforms else { return }
    let state = economy.platforms
    for (index, spec) in state.specs.enumerated() {
      platforms.append(date)
      platforms.append(spec.name)
      platforms.append(spec.kind.rawValue)
      platforms.append(spec.homeCountry)
      for value in [
        state.commissionRate[index], state.paymentSecurity[index], state.reputation[index],
        state.sellers[index], state.buyers[index], state.valueShare[index],
        state.revenueCNY[index], state.goodsValueCNY[index],
      ] {
        platforms.append(value)
      }
      try platforms.endRow()
    }
  }

  private func ratio(_ numerator: Double, _ denominator: Double) -> Double {
    denominator != 0 ? numerator / denominator : 0
  }
}
