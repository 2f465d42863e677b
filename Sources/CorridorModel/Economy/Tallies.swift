import Engine

/// A payment or claim from a buyer to a firm, carried by the partition exchange.
struct FirmPayment: BitwiseCopyable {
  /// What the message does to the firm's books.
  enum Kind: UInt8 {
    /// Goods sold and paid now: cash and revenue.
    case cashSale
    /// Goods sold on trade credit: revenue now, a receivable until paid.
    case creditSale
    /// Last month's credit sale paid: cash in, receivable out.
    case creditPayment
    /// Last month's credit sale not paid (buyer default): receivable written off, a loss.
    case creditDefault
    /// The risk premium charged on an open-account sale: a receivable and income now.
    case creditPremium
  }

  /// Ex-works value, CNY (what the firm earns or is owed).
  var amount: Double
  /// ``Channel`` raw value.
  var channel: UInt8
  var kind: Kind
}

/// What one buyer partition (all in one country) did in a month; merged in partition order.
final class BuyerTally: @unchecked Sendable {
  let countryCount: Int
  let platformCount: Int
  /// Goods value by (origin, channel, sector): what buyers paid excluding taxes.
  let flowGoodsValue: AgentColumn<Double>
  /// Firms' ex-works receipts by (origin, channel, sector).
  let flowFirmReceipts: AgentColumn<Double>
  /// Spending on domestic goods, by sector (into the country's domestic pool).
  let domesticSpend: AgentColumn<Double>
  /// Households' retail purchases by sector, net of VAT and margin (into the retail pool),
  /// and what retailers (importer agents) drew from the pool to restock.
  let retailSales: AgentColumn<Double>
  let retailRestocking: AgentColumn<Double>
  /// Per sector: producers' inputs the importer agents bought this month (drawn from the
  /// producers' input pool).
  let inputSpending: AgentColumn<Double>
  let platformRevenue: AgentColumn<Double>
  /// Per platform: the goods value bought through it (net of taxes; frauds excluded).
  let platformGoodsValue: AgentColumn<Double>
  let platformOrders: AgentColumn<Double>
  let platformRefunds: AgentColumn<Double>
  /// Tariffs and import VAT collected by this country's government.
  @exclusivity(unchecked) var taxRevenue = 0.0
  /// Tariffs alone (a share of taxRevenue).
  @exclusivity(unchecked) var tariffRevenue = 0.0
  @exclusivity(unchecked) var logisticsRevenue = 0.0
  @exclusivity(unchecked) var intermediaryRevenue = 0.0
  @exclusivity(unchecked) var fraudLoss = 0.0
  @exclusivity(unchecked) var flows = FlowTally()

  // B2C outcomes (weighted by persons where noted).
  @exclusivity(unchecked) var onlinePersons = 0.0
  @exclusivity(unchecked) var persons = 0.0
  @exclusivity(unchecked) var trustPersonSum = 0.0
  @exclusivity(unchecked) var familiarityPersonSum = 0.0
  @exclusivity(unchecked) var crossBorderOrders = 0.0
  @exclusivity(unchecked) var crossBorderSpend = 0.0
  /// The part of it in orders above the de minimis (dutiable).
  @exclusivity(unchecked) var dutiableSpend = 0.0
  @exclusivity(unchecked) var onlineBudget = 0.0
  /// Households' tradables budget and what they spent of it online (domestic online shops and
  /// cross-border parcels, with taxes and parcels), CNY: the online share of retail sales.
  @exclusivity(unchecked) var tradablesBudget = 0.0
  @exclusivity(unchecked) var onlineRetailSpend = 0.0
  @exclusivity(unchecked) var fraudOrders = 0.0
  @exclusivity(unchecked) var lostOrders = 0.0
  @exclusivity(unchecked) var lateOrders = 0.0
  @exclusivity(unchecked) var deliveryDaysOrderSum = 0.0
  @exclusivity(unchecked) var dutiableOrders = 0.0
  /// Domestic online shopping (persons' orders, frauds, money lost, goods value net of VAT
  /// and parcels).
  @exclusivity(unchecked) var domesticOnlineOrders = 0.0
  @exclusivity(unchecked) var domesticOnlineFraudOrders = 0.0
  @exclusivity(unchecked) var domesticOnlineFraudLoss = 0.0
  @exclusivity(unchecked) var domesticOnlineSpend = 0.0

  // B2B outcomes.
  @exclusivity(unchecked) var defaultLoss = 0.0
  @exclusivity(unchecked) var creditDue = 0.0
  /// Goods value sold on open account and by letter of credit.
  @exclusivity(unchecked) var tradeCreditSales = 0.0
  @exclusivity(unchecked) var letterOfCreditSales = 0.0
  @exclusivity(unchecked) var searches = 0.0
  @exclusivity(unchecked) var platformSearches = 0.0
  @exclusivity(unchecked) var newSuppliers = 0.0
  @exclusivity(unchecked) var b2bFraudLoss = 0.0
  @exclusivity(unchecked) var importBudget = 0.0
  @exclusivity(unchecked) var importers = 0.0
  @exclusivity(unchecked) var onlineSourcers = 0.0

  init(countryCount: Int, platformCount: Int) {
    self.countryCount = countryCount
    self.platformCount = platformCount
    let flowCount = countryCount * Channel.allCases.count * Sector.allCases.count
    flowGoodsValue = AgentColumn(count: flowCount, repeating: 0)
    flowFirmReceipts = AgentColumn(count: flowCount, repeating: 0)
    domesticSpend = AgentColumn(count: Sector.allCases.count, repeating: 0)
    retailSales = AgentColumn(count: Sector.allCases.count, repeating: 0)
    retailRestocking = AgentColumn(count: Sector.allCases.count, repeating: 0)
    inputSpending = AgentColumn(count: Sector.allCases.count, repeating: 0)
    platformRevenue = AgentColumn(count: platformCount, repeating: 0)
    platformGoodsValue = AgentColumn(count: platformCount, repeating: 0)
    platformOrders = AgentColumn(count: platformCount, repeating: 0)
    platformRefunds = AgentColumn(count: platformCount, repeating: 0)
  }

  @inline(__always)
  static func flowIndex(origin: Int, channel: Int, sector: Int) -> Int {
    (origin * Channel.allCases.count + channel) * Sector.allCases.count + sector
  }

  func reset() {
    flowGoodsValue.fill(0)
    flowFirmReceipts.fill(0)
    domesticSpend.fill(0)
    retailSales.fill(0)
    retailRestocking.fill(0)
    inputSpending.fill(0)
    platformRevenue.fill(0)
    platformGoodsValue.fill(0)
    platformOrders.fill(0)
    platformRefunds.fill(0)
    taxRevenue = 0
    tariffRevenue = 0
    logisticsRevenue = 0
    intermediaryRevenue = 0
    fraudLoss = 0
    flows.reset()
    onlinePersons = 0
    persons = 0
    trustPersonSum = 0
    familiarityPersonSum = 0
    crossBorderOrders = 0
    crossBorderSpend = 0
    dutiableSpend = 0
    onlineBudget = 0
    tradablesBudget = 0
    onlineRetailSpend = 0
    fraudOrders = 0
    lostOrders = 0
    lateOrders = 0
    deliveryDaysOrderSum = 0
    dutiableOrders = 0
    domesticOnlineOrders = 0
    domesticOnlineFraudOrders = 0
    domesticOnlineFraudLoss = 0
    domesticOnlineSpend = 0
    defaultLoss = 0
    creditDue = 0
    tradeCreditSales = 0
    letterOfCreditSales = 0
    searches = 0
    platformSearches = 0
    newSuppliers = 0
    b2bFraudLoss = 0
    importBudget = 0
    importers = 0
    onlineSourcers = 0
  }
}

/// What one firm partition did in a month; merged in partition order.
final class FirmTally: @unchecked Sendable {
  /// Input VAT on exports that each exporter's government does not refund (it receives it).
  let unrefundedExportVAT: AgentColumn<Double>
  /// B2B platform membership fees, by platform.
  let platformFees: AgentColumn<Double>
  /// Real firms listed on each platform at the end of the month (adopters of its kind).
  let platformSellers: AgentColumn<Double>
  /// Real firms, already listed, that moved to another platform of the kind this month.
  @exclusivity(unchecked) var platformSwitches = 0.0
  @exclusivity(unchecked) var flows = FlowTally()
  /// Per (country, sector) after this month's exits, entries and relocations: Σ φ^(σ−1)
  /// and Σ (φ/m)^(σ−1).
  let productivityPowerSum: AgentColumn<Double>
  let competitivePowerSum: AgentColumn<Double>
  /// Per (country, sector): firms.
  let firmCount: AgentColumn<Double>
  /// Per (country, sector): B2B adopters, B2C adopters, exporters (any channel).
  let b2bAdopters: AgentColumn<Double>
  let b2cAdopters: AgentColumn<Double>
  let exporters: AgentColumn<Double>
  /// Per (country, sector): export revenue (ex-works, all channels) and domestic revenue.
  let exportRevenue: AgentColumn<Double>
  let domesticRevenue: AgentColumn<Double>
  /// Per (country, sector): Σ productivity of exporters and of non-exporters (for means).
  let exporterProductivitySum: AgentColumn<Double>
  let nonExporterProductivitySum: AgentColumn<Double>
  @exclusivity(unchecked) var relocations = 0.0
  @exclusivity(unchecked) var relocationsFromChina = 0.0
  @exclusivity(unchecked) var exits = 0.0
  @exclusivity(unchecked) var marketEntries = 0.0
  @exclusivity(unchecked) var marketExits = 0.0
  /// Undistributed domestic revenue returned to the pool (country-sectors without firms).
  let domesticPaid: AgentColumn<Double>
  /// Per (country, sector) of the buying firms: what they paid for materials this month.
  let inputPurchases: AgentColumn<Double>
  /// Per (home, size class): the firms, CES mass, cash and adopters that moved abroad
  /// (``CorridorEconomy/moveExportingShare(_:exporting:tally:)``).
  let relocationOutflow: AgentColumn<Double>
  /// Per home country: the firms and CES mass of the pools' exits that are replaced at home
  /// (``CorridorEconomy/shedPoolShare(_:tally:)``), (firms, mass) pairs.
  let relocationReturn: AgentColumn<Double>

  init(countryCount: Int, platformCount: Int, relocationOutflowCount: Int) {
    let cells = countryCount * Sector.allCases.count
    unrefundedExportVAT = AgentColumn(count: countryCount, repeating: 0)
    platformFees = AgentColumn(count: platformCount, repeating: 0)
    platformSellers = AgentColumn(count: platformCount, repeating: 0)
    productivityPowerSum = AgentColumn(count: cells, repeating: 0)
    competitivePowerSum = AgentColumn(count: cells, repeating: 0)
    firmCount = AgentColumn(count: cells, repeating: 0)
    b2bAdopters = AgentColumn(count: cells, repeating: 0)
    b2cAdopters = AgentColumn(count: cells, repeating: 0)
    exporters = AgentColumn(count: cells, repeating: 0)
    exportRevenue = AgentColumn(count: cells, repeating: 0)
    domesticRevenue = AgentColumn(count: cells, repeating: 0)
    exporterProductivitySum = AgentColumn(count: cells, repeating: 0)
    nonExporterProductivitySum = AgentColumn(count: cells, repeating: 0)
    domesticPaid = AgentColumn(count: cells, repeating: 0)
    inputPurchases = AgentColumn(count: cells, repeating: 0)
    relocationOutflow = AgentColumn(count: relocationOutflowCount, repeating: 0)
    relocationReturn = AgentColumn(count: 2 * countryCount, repeating: 0)
  }

  func reset() {
    flows.reset()
    for column in [
      unrefundedExportVAT, platformFees, platformSellers, productivityPowerSum, competitivePowerSum,
      firmCount,
      b2bAdopters,
      b2cAdopters, exporters, exportRevenue,
      domesticRevenue, exporterProductivitySum, nonExporterProductivitySum, domesticPaid,
      inputPurchases, relocationOutflow, relocationReturn,
    ] {
      column.fill(0)
    }
    relocations = 0
    relocationsFromChina = 0
    platformSwitches = 0
    exits = 0
    marketEntries = 0
    marketExits = 0
  }
}
