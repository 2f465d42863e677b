extension CorridorEconomy {
  /// Businesses' demand for tradables is derived, not a share of GDP: each (country, sector)'s
  /// importer agents (retailers, wholesalers and manufacturers) spend this month
  ///
  /// - restocking: what households paid retailers for the sector's goods last month, net of
  ///   VAT and the retail margin (the retailers' takings, ``spendAtRetail``), all of it; and
  /// - producers' inputs: what the country's producers paid for materials last month (the
  ///   materials share of their production cost, ``materialsCostShare``: (1 − λ_s)·materials
  ///   over the unit cost, (1 − λ_s) at China's base-year costs, more where labor is
  ///   cheaper; inputs per unit of sales are at most 1/μ), all of it, spread over the supplying
  ///   sectors s′ by the input-output coefficients: the country's inputs × Σ_s w_s·B(s′, s),
  ///   w_s the share of sector s's producers in what the country paid for materials and
  ///   B(s′, s) the share of sector s's materials bought from sector s′
  ///   (``inputCoefficients``). A country that assembles electronics buys components; one
  ///   that sews garments buys fabrics.
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
    let coefficients = inputCoefficients
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
      // The buying sectors' weights: last month's materials purchases (in the first month,
      // those of the base-year demand).
      var weights = [Double](repeating: 0, count: sectorCount)
      for s in 0..<sectorCount {
        weights[s] =
          stepsTaken == 0
          ? cellDemandAtStartCNY[cell(c, s)] * (1 - laborShares[s]) : materialsBoughtCNY[cell(c, s)]
      }
      let totalWeight = weights.reduce(0, +)
      for supplier in 0..<sectorCount {
        let index = cell(c, supplier)
        // The retailers restock with all their takings (a balance left by rounding included).
        let restocking = max(ledger.retailPool[index], 0)
        restockingBudgetCNY[index] = restocking
        var inputShare = 0.0
        for buyer in 0..<sectorCount {
          inputShare +=
            (totalWeight > 0 ? weights[buyer] / totalWeight : shares[buyer])
            * coefficients[supplier * sectorCount + buyer]
        }
        businessBudgetCNY[index] = restocking + inputs * inputShare
      }
    }
  }

  /// The input-output coefficients B(s′, s), row-major [s′ · sectors + s]: the share of sector
  /// s's materials bought from sector s′. Each column sums to 1: the other sector takes what
  /// the labor-intensive and high-tech shares leave, and where those two exceed 1 together
  /// they are scaled to sum to 1 (so every value in their ranges is a valid matrix).
  var inputCoefficients: [Double] {
    let p = parameters
    var fromLaborIntensive = [
      p.laborIntensiveInputsFromLaborIntensive, p.highTechInputsFromLaborIntensive,
      p.otherInputsFromLaborIntensive,
    ]
    var fromHighTech = [
      p.laborIntensiveInputsFromHighTech, p.highTechInputsFromHighTech, p.otherInputsFromHighTech,
    ]
    for s in 0..<sectorCount where fromLaborIntensive[s] + fromHighTech[s] > 1 {
      let total = fromLaborIntensive[s] + fromHighTech[s]
      fromLaborIntensive[s] /= total
      fromHighTech[s] /= total
    }
    let fromOther = (0..<sectorCount).map { max(0, 1 - fromLaborIntensive[$0] - fromHighTech[$0]) }
    return fromLaborIntensive + fromHighTech + fromOther
  }
}
