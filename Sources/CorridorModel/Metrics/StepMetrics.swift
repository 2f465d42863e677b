/// What happened in one month, aggregated for outputs. Money in CNY, counts weighted to the
/// real world unless named `model…`.
public struct StepMetrics: Sendable {
  public let countryCount: Int
  /// Goods value (buyers' payments excluding taxes) by (origin, destination, channel, sector):
  /// index ((o·n + d)·3 + channel)·3 + sector. Domestic flows (o = d) are not trade and are
  /// not recorded.
  public var flowValueCNY: [Double]
  /// Firms' ex-works receipts, same index.
  public var flowFirmReceiptsCNY: [Double]

  // Per country (destination side: buyers in the country).
  public var tariffRevenueCNY: [Double]
  public var taxRevenueCNY: [Double]
  public var fraudLossCNY: [Double]
  public var b2bFraudLossCNY: [Double]
  public var defaultLossCNY: [Double]
  public var meanTrust: [Double]
  /// Per country: households' mean familiarity with online shopping (persons-weighted, at the
  /// start of the month).
  public var meanOnlineFamiliarity: [Double]
  public var onlineShare: [Double]
  public var crossBorderOrders: [Double]
  public var fraudOrders: [Double]
  public var lostOrders: [Double]
  public var lateOrders: [Double]
  public var dutiableOrders: [Double]
  public var deliveryDaysOrderSum: [Double]
  public var crossBorderB2CSpendCNY: [Double]
  /// The part of it in dutiable orders (above the de minimis).
  public var dutiableParcelSpendCNY: [Double]
  public var onlineBudgetCNY: [Double]
  /// Per country: households' tradables budget and the part of it spent online (domestic
  /// online shops and cross-border parcels, gross of taxes and parcels), CNY.
  public var householdTradablesBudgetCNY: [Double]
  public var onlineRetailSpendCNY: [Double]
  public var supplierSearches: [Double]
  public var platformSearches: [Double]
  public var creditDueCNY: [Double]
  /// Per country: domestic online orders (persons' orders), those that were frauds, and the
  /// goods value bought online from domestic producers, CNY.
  public var domesticOnlineOrders: [Double]
  public var domesticOnlineFraudOrders: [Double]
  public var domesticOnlineSalesCNY: [Double]
  /// Per importing country: goods value of cross-border wholesale orders sold on open account
  /// (trade credit) and by letter of credit this month, CNY.
  public var tradeCreditSalesCNY: [Double]
  public var letterOfCreditSalesCNY: [Double]

  // Per country (producer side).
  public var wageCNY: [Double]
  public var gdpCNYPerMonth: [Double]
  public var internetShare: [Double]
  public var effectiveLPI: [Double]
  public var enforcement: [Double]
  public var retaliationTariffOnChina: [Double]
  /// Per (country, sector), in real firms (agents' weights): firms, exporters, adopters.
  public var firms: [Double]
  public var exporters: [Double]
  public var b2bAdopters: [Double]
  public var b2cAdopters: [Double]
  public var exportRevenueCNY: [Double]
  public var domesticRevenueCNY: [Double]
  public var exporterProductivitySum: [Double]
  public var nonExporterProductivitySum: [Double]
  /// Real firms relocated this month (all, and out of China), and exits.
  public var relocations = 0.0
  public var relocationsFromChina = 0.0
  /// Real firms, already listed on a platform, that moved to another of its kind this month.
  public var platformSwitches = 0.0
  public var exits = 0.0
  /// Entries and exits of (real firm, market, channel) this month.
  public var marketEntries = 0.0
  public var marketExits = 0.0
  /// Real firms whose production is abroad (relocated), by founding country.
  public var relocatedFirmsByHomeCountry: [Double]

  // Accounting.
  /// Relative residual of the stock-flow check this month.
  public var accountingResidual = 0.0

  init(countryCount n: Int) {
    countryCount = n
    let cells = n * Sector.allCases.count
    flowValueCNY = [Double](
      repeating: 0, count: n * n * Channel.allCases.count * Sector.allCases.count)
    flowFirmReceiptsCNY = flowValueCNY
    let zeros = [Double](repeating: 0, count: n)
    tariffRevenueCNY = zeros
    taxRevenueCNY = zeros
    fraudLossCNY = zeros
    b2bFraudLossCNY = zeros
    defaultLossCNY = zeros
    meanTrust = zeros
    meanOnlineFamiliarity = zeros
    onlineShare = zeros
    crossBorderOrders = zeros
    fraudOrders = zeros
    lostOrders = zeros
    lateOrders = zeros
    dutiableOrders = zeros
    deliveryDaysOrderSum = zeros
    crossBorderB2CSpendCNY = zeros
    dutiableParcelSpendCNY = zeros
    onlineBudgetCNY = zeros
    householdTradablesBudgetCNY = zeros
    onlineRetailSpendCNY = zeros
    supplierSearches = zeros
    platformSearches = zeros
    creditDueCNY = zeros
    domesticOnlineOrders = zeros
    domesticOnlineFraudOrders = zeros
    domesticOnlineSalesCNY = zeros
    tradeCreditSalesCNY = zeros
    letterOfCreditSalesCNY = zeros
    wageCNY = zeros
    gdpCNYPerMonth = zeros
    internetShare = zeros
    effectiveLPI = zeros
    enforcement = zeros
    retaliationTariffOnChina = zeros
    let cellZeros = [Double](repeating: 0, count: cells)
    firms = cellZeros
    exporters = cellZeros
    b2bAdopters = cellZeros
    b2cAdopters = cellZeros
    exportRevenueCNY = cellZeros
    domesticRevenueCNY = cellZeros
    exporterProductivitySum = cellZeros
    nonExporterProductivitySum = cellZeros
    relocatedFirmsByHomeCountry = zeros
  }

  /// Index into ``flowValueCNY``.
  @inlinable
  public func flowIndex(origin o: Int, destination d: Int, channel: Int, sector: Int) -> Int {
    Self.flowIndex(
      origin: o, destination: d, channel: channel, sector: sector, countryCount: countryCount)
  }

  /// Index into ``flowValueCNY`` of an economy of `countryCount` countries.
  @inlinable
  public static func flowIndex(
    origin o: Int, destination d: Int, channel: Int, sector: Int, countryCount: Int
  ) -> Int {
    ((o * countryCount + d) * Channel.allCases.count + channel) * Sector.allCases.count + sector
  }

  /// Sum of this month's flow values over the given origins, destinations, channels and sectors.
  public func flowTotal(
    origins: [Int], destinations: [Int], channels: [Channel] = Channel.allCases,
    sectors: [Sector] = Sector.allCases
  ) -> Double {
    Self.flowTotal(
      flowValueCNY, countryCount: countryCount, origins: origins, destinations: destinations,
      channels: channels, sectors: sectors)
  }

  /// Sum of `values` (indexed like ``flowValueCNY``, e.g. flows accumulated over months) over
  /// the given origins, destinations (o ≠ d), channels and sectors.
  public static func flowTotal(
    _ values: [Double], countryCount n: Int, origins: [Int], destinations: [Int],
    channels: [Channel] = Channel.allCases, sectors: [Sector] = Sector.allCases
  ) -> Double {
    let channelCount = Channel.allCases.count
    let sectorCount = Sector.allCases.count
    var total = 0.0
    for o in origins {
      for d in destinations where d != o {
        for channel in channels {
          for sector in sectors {
            total +=
              values[
                ((o * n + d) * channelCount + channel.rawValue) * sectorCount + sector.rawValue]
          }
        }
      }
    }
    return total
  }
}
