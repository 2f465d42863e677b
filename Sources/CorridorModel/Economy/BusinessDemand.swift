extension CorridorEconomy {
  /// Businesses' demand for tradables is derived, not a share of GDP: each (country, sector)'s
  /// importer agents (retailers, wholesalers and manufacturers) spend this month
  ///
  /// - restocking: what households paid retailers for the sector's goods last month, net of
  ///   VAT and the retail margin (the retailers' takings, ``spendAtRetail``), all of it; and
  /// - producers' inputs: a × (last month's sales of the country's producers, all sectors,
  ///   domestic and export) × the sector's demand share, a =
  ///   `intermediate_input_share_of_sales`, the input-output coefficient of tradables.
  ///
  /// Both are spent on domestic goods and imports by the importers' CES sourcing, so
  /// households reach foreign goods through retailers as well as by parcel, and a country's
  /// imports of inputs rise with its exports (processing trade). Output then follows final
  /// demand through the input multiplier 1/(1 − a × domestic share of inputs), one month at a
  /// time. In the first month, before any sales, the sales are the base-year demand of a closed
  /// economy (``cellDemandAtStartCNY``).
  func updateBusinessDemand() {
    let n = countryCount
    let shares = sectorDemandShares
    let inputShare = parameters.intermediateInputShareOfSales
    for c in 0..<n {
      var sales = 0.0
      for s in 0..<sectorCount {
        let index = cell(c, s)
        sales +=
          stepsTaken == 0
          ? cellDemandAtStartCNY[index]
          : metrics.domesticRevenueCNY[index] + metrics.exportRevenueCNY[index]
      }
      for s in 0..<sectorCount {
        let index = cell(c, s)
        // The retailers restock with all their takings (a balance left by rounding included).
        let restocking = max(ledger.retailPool[index], 0)
        restockingBudgetCNY[index] = restocking
        businessBudgetCNY[index] = restocking + inputShare * sales * shares[s]
      }
    }
  }
}
