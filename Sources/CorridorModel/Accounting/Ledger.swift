/// Money created or destroyed by a named flow. Every other movement of money is a transfer
/// between two accounts, so the stock of money changes only by these flows.
public enum NamedFlow: Int, CaseIterable, Sendable, CustomStringConvertible {
  /// Household income for tradables, paid into consumer accounts each month (created).
  case householdIncome
  /// Owners recapitalising a firm with negative cash when it exits (created).
  case ownerInjection
  /// The producers' inputs of the first month, before any production has paid for them
  /// (created once, like household income).
  case startingInputs
  /// Wages and other value added paid by firms to produce what they sell (destroyed; their
  /// materials are a transfer to the producers' input pool).
  case productionCost
  /// Monthly fixed costs of export markets outside platforms (destroyed).
  case exportFixedCost
  /// Sunk costs of entering export markets and relocating (destroyed).
  case exportEntryCost
  /// Retail margin of domestic offline purchases (destroyed).
  case domesticRetailMargin
  /// Platforms' spending on payment security (destroyed).
  case securitySpending
  /// Owners withdrawing the cash of an exiting firm (destroyed).
  case ownerWithdrawal
  /// Governments' extra infrastructure investment (destroyed).
  case publicInvestment

  /// Whether the flow creates money (otherwise it destroys it).
  public var creates: Bool {
    self == .householdIncome || self == .ownerInjection || self == .startingInputs
  }

  public var description: String {
    switch self {
    case .householdIncome: return "household income"
    case .ownerInjection: return "owner injections"
    case .startingInputs: return "first month's inputs"
    case .productionCost: return "production costs"
    case .exportFixedCost: return "export fixed costs"
    case .exportEntryCost: return "export entry costs"
    case .domesticRetailMargin: return "domestic retail margins"
    case .securitySpending: return "security spending"
    case .ownerWithdrawal: return "owner withdrawals"
    case .publicInvestment: return "public investment"
    }
  }
}

/// The accounts of the model, for the stock-flow check and its error messages.
public enum AccountKind: Int, CaseIterable, Sendable, CustomStringConvertible {
  case consumers, importers, firms, platforms, governments, logistics, intermediaries, fraudSink,
    domesticMarkets, retailers, producersInputs

  public var description: String {
    switch self {
    case .consumers: return "consumers"
    case .importers: return "importers"
    case .firms: return "firms"
    case .platforms: return "platforms"
    case .governments: return "governments"
    case .logistics: return "logistics carriers"
    case .intermediaries: return "trade intermediaries"
    case .fraudSink: return "fraud sink"
    case .domesticMarkets: return "domestic market clearing"
    case .retailers: return "retailers' takings"
    case .producersInputs: return "producers' input purchases"
    }
  }
}

/// The stock-flow check failed: money appeared or vanished outside the named flows.
public struct AccountingError: ModelStop {
  public let step: Int
  public let when: String
  /// Change of all balances this step.
  public let balanceChange: Double
  /// Created minus destroyed by named flows this step.
  public let netNamedFlows: Double
  /// |balanceChange − netNamedFlows| / scale.
  public let relativeResidual: Double
  /// The largest residual allowed (the `accounting_tolerance` parameter).
  public let tolerance: Double
  /// Each account's balance change this step.
  public let accountChanges: [(AccountKind, Double)]

  public var problem: String {
    let changes = accountChanges.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
    return
      "the books do not balance: balances changed by \(balanceChange) CNY but named flows net \(netNamedFlows) CNY (relative residual \(relativeResidual), tolerance \(tolerance)); account changes: \(changes)"
  }
}

/// Balances of the accounts that are not agent columns, and this step's named flows.
struct Ledger: Sendable {
  var platform: [Double]
  var government: [Double]
  var logistics = 0.0
  var intermediaries = 0.0
  var fraudSink = 0.0
  /// Per (country, sector): money paid for domestic goods not yet distributed to firms.
  var domesticPool: [Double]
  /// Per (country, sector): what households paid retailers for goods (net of VAT and the
  /// retail margin), which the retailers, importer agents, spend restocking next month.
  var retailPool: [Double]
  /// Per country: what its producers paid for materials, which the country's importer agents
  /// spend on inputs next month.
  var inputPool: [Double]
  /// This step's named flows, by ``NamedFlow`` raw value (always positive amounts).
  var namedFlows: [Double]
  /// Each account kind's total at the end of the previous step.
  var previousTotals: [Double]

  init(platforms: Int, countries: Int, sectors: Int) {
    platform = [Double](repeating: 0, count: platforms)
    government = [Double](repeating: 0, count: countries)
    domesticPool = [Double](repeating: 0, count: countries * sectors)
    retailPool = [Double](repeating: 0, count: countries * sectors)
    inputPool = [Double](repeating: 0, count: countries)
    namedFlows = [Double](repeating: 0, count: NamedFlow.allCases.count)
    previousTotals = [Double](repeating: 0, count: AccountKind.allCases.count)
  }

  /// Created minus destroyed this step.
  var netNamedFlows: Double {
    NamedFlow.allCases.reduce(0) {
      $0 + ($1.creates ? namedFlows[$1.rawValue] : -namedFlows[$1.rawValue])
    }
  }

  /// Gross named flows this step (the scale of the residual).
  var grossNamedFlows: Double { namedFlows.reduce(0, +) }

  mutating func record(_ flow: NamedFlow, _ amount: Double) { namedFlows[flow.rawValue] += amount }
}

/// Per-partition record of named flows (merged in partition order).
struct FlowTally: Sendable {
  var amounts = [Double](repeating: 0, count: NamedFlow.allCases.count)

  mutating func record(_ flow: NamedFlow, _ amount: Double) { amounts[flow.rawValue] += amount }
  mutating func reset() { for index in amounts.indices { amounts[index] = 0 } }
}
