extension CorridorEconomy {
  /// Businesses' demand for tradables is derived, not a share of GDP: each (country, sector)'s
  /// importer agents (retailers, wholesalers and manufacturers) spend this month
  ///
  /// - restocking: what households paid retailers for the sector's goods last month, net of
  ///   VAT and the retail margin (the retailers' takings, ``spendAtRetail``), all of it; and
  /// - producers' inputs: what the country's producers paid for materials last month (the
  ///   materials share of their production cost, ``materialsCostShare``: (1 − λ_s)·materials
  ///   over the unit cost, (1 − λ_s) at China's base-year costs, more where labor is
  ///   cheaper; inputs per unit of sales are at most 1/μ), all of it, spread over the sectors
  ///   by the demand shares.
  ///
  /// Both are spent on domestic goods and imports by the importers' CES sourcing, so
  /// households reach foreign goods through retailers as well as by parcel, and a country's
  /// imports of inputs rise with its exports (processing trade). Both are transfers: money
  /// households and producers paid, not money created. In the first month, before any sales,
  /// the inputs are those of the base-year demand of a closed economy
  /// (``cellDemandAtStartCNY``, with the base-year materials share).
  func updateBusinessDemand() {
    let n = countryCount
    let shares = sectorDemandShares
    let laborShares = laborCostShares
    for c in 0..<n {
      if stepsTaken == 0 {
        // The first month's inputs come from outside, as the first month's income does.
        var inputs = 0.0
        for s in 0..<sectorCount {
          inputs += cellDemandAtStartCNY[cell(c, s)] * (1 - laborShares[s]) / markup
        }
        ledger.inputPool[c] += inputs
        ledger.record(.startingInputs, inputs)
      }
      let inputs = max(ledger.inputPool[c], 0)
      for s in 0..<sectorCount {
        let index = cell(c, s)
        // The retailers restock with all their takings (a balance left by rounding included).
        let restocking = max(ledger.retailPool[index], 0)
        restockingBudgetCNY[index] = restocking
        businessBudgetCNY[index] = restocking + inputs * shares[s]
      }
    }
  }
}
