import RealModule

/// How a cross-border wholesale order is paid: the shares of its value on open account (trade
/// credit: the seller ships and the buyer pays a month later), by letter of credit (banks
/// guarantee the payment against documents, for a fee) and cash in advance (the buyer pays
/// before the goods ship), and the expected cost of that mix as a share of the goods' value.
struct PaymentTermsMix {
  var openAccount: Double
  var letterOfCredit: Double
  var cashInAdvance: Double
  /// The risk premium the seller charges on what it sells on open account, share of its
  /// ex-works receipt: δ̂/(1 − δ̂), so that what it expects to collect, (1 + premium)(1 − δ̂),
  /// is the receipt.
  var defaultPremium: Double
  /// The seller's ex-works receipt per unit of the goods' value (net of freight and the
  /// commission or intermediary fee): what it lends on open account.
  var receiptShare: Double
  /// Share of the value of prepaid orders lost to non-delivery or fraud (expected).
  var prepaidFraudShare: Double
  /// The banks' fee for a letter of credit, share of the goods' value: ℓ₀ + ℓ₁·δ̂ (they
  /// guarantee the buyer's payment and price its default risk).
  var letterOfCreditFee: Double
  /// Σ share × expected cost of each term, share of the goods' value: what the terms add to
  /// the buyer's price of the goods.
  var costShare: Double
}

extension CorridorEconomy {
  /// The payment terms of orders from a seller in `o` to a buyer in `d` through `channel`
  /// (B2B platform orders on `platform`, −1 for none), chosen by the trade-finance trade-off
  /// of Schmidt-Eisenlohr (2013) and Antràs and Foley (2015): each term leaves one party
  /// exposed to the other's jurisdiction.
  ///
  /// - Open account: the seller bears the buyer's default, a share δ̂_d of what is due (what
  ///   sellers believe of the market `d`, ``updateDefaultBeliefs()``; it falls with the
  ///   buyer's enforcement), and charges the premium δ̂/(1 − δ̂) on what it lends, its
  ///   ex-works receipt (a share r of the goods' value): the cost is r·δ̂/(1 − δ̂).
  /// - Cash in advance: the buyer bears the seller's non-delivery, ψ = ψ₀·(1 − deterrence ×
  ///   enforcement_o)·(1 − security) (the seller's jurisdiction deters it; on a B2B platform
  ///   the platform's escrow and verification, its effective security in `d`, stop most of
  ///   it), and the cost of paying ahead, w.
  /// - Letter of credit: banks' fee ℓ, and neither party is exposed.
  ///
  /// Buyers and sellers differ in costs the model does not carry, so the mix is a multinomial
  /// logit over the expected costs c_k with scale ς: share_k ∝ exp(−c_k/ς). Open account is
  /// used where buyers' courts make default rare; where they do not, sellers tighten terms to
  /// prepayment where the sellers' courts deter fraud, and to letters of credit where neither
  /// does. With every buyer defaulting (δ̂ → 1) the premium explodes and trade credit
  /// vanishes.
  @inline(__always)
  func paymentTerms(origin o: Int, destination d: Int, channel: Int, platform: Int)
    -> PaymentTermsMix
  {
    let p = parameters
    let belief = min(expectedDefaultShare[d], 0.999)
    let premium = belief / (1 - belief)
    let onPlatform = channel == Channel.b2bPlatform.rawValue && platform >= 0
    let freightShare = logistics.freightCostShare[route(o, d)]
    let receiptShare =
      onPlatform
      ? (1 - platforms.commissionRate[platform]) / (1 + freightShare)
      : 1 / (1 + freightShare + p.traditionalIntermediaryFeeRate)
    let openCost = receiptShare * premium
    let security =
      onPlatform
      ? platforms.effectiveSecurity(platform, floor: policy.paymentSecurityFloor[d]) : 0
    let fraud =
      p.b2bFraudProbability * (1 - p.fraudDeterrencePerEnforcement * enforcement[o])
      * (1 - security)
    let prepaidCost = fraud + p.prepaymentFinancingCostShare
    // The issuing bank takes on the buyer's default: its fee rises with the default share it
    // expects (net of what it recovers from the buyer's collateral).
    let letterCost = p.letterOfCreditFeeShare + p.letterOfCreditRiskLoading * belief
    // Relative to the cheapest term, so that the exponentials cannot all underflow.
    let cheapest = min(openCost, prepaidCost, letterCost)
    let scale = p.paymentTermsCostScale
    let openWeight = Double.exp(-(openCost - cheapest) / scale)
    let prepaidWeight = Double.exp(-(prepaidCost - cheapest) / scale)
    let letterWeight = Double.exp(-(letterCost - cheapest) / scale)
    let total = openWeight + prepaidWeight + letterWeight
    let openAccount = openWeight / total
    let cashInAdvance = prepaidWeight / total
    let letterOfCredit = letterWeight / total
    return PaymentTermsMix(
      openAccount: openAccount, letterOfCredit: letterOfCredit, cashInAdvance: cashInAdvance,
      defaultPremium: premium, receiptShare: receiptShare, prepaidFraudShare: fraud,
      letterOfCreditFee: letterCost,
      costShare: openAccount * openCost + cashInAdvance * prepaidCost
        + letterOfCredit * letterCost)
  }

  /// The share of trade-credit debt that buyers in `d` fail to pay when due:
  /// δ = min(1, p₀·exp(−slope × enforcement_d)). Default is the buyer's jurisdiction's
  /// matter: its courts decide whether a seller can collect.
  @inline(__always)
  func defaultShare(destination d: Int) -> Double {
    min(
      1,
      parameters.buyerDefaultProbabilityPerMonth
        * Double.exp(-parameters.defaultEnforcementSlope * enforcement[d]))
  }

  /// Sellers' belief about the default share of each market moves toward last month's
  /// realised share (defaults over credit due) by `default_belief_adjustment_per_month`; where
  /// nobody sold on credit there is nothing to observe and the belief moves toward the share
  /// the buyer's enforcement implies (what credit bureaus and courts' records tell). Losses
  /// that rise thus tighten terms with a lag, and better enforcement loosens them.
  func updateDefaultBeliefs() {
    let adjustment = parameters.defaultBeliefAdjustmentPerMonth
    for d in 0..<countryCount {
      let due = metrics.creditDueCNY[d]
      let realised = due > 0 ? metrics.defaultLossCNY[d] / due : defaultShare(destination: d)
      expectedDefaultShare[d] += adjustment * (realised - expectedDefaultShare[d])
    }
  }
}
