@preconcurrency import CGSL
import RealModule

/// A distribution over the reals that BRISim samples through GSL.
///
/// Each conforming type states its density, its parameters' meaning and its moments; `sample`
/// draws through GSL's sampler from a ``RandomStream`` and `cumulativeProbability` is GSL's
/// `gsl_cdf_*_P`, so tests can compare what is drawn against what is claimed.
public protocol ContinuousDistribution: Sendable {
  /// One draw.
  func sample(_ stream: RandomStream) -> Double
  /// E[X] (may be +∞ for heavy tails).
  var mean: Double { get }
  /// Var[X] (may be +∞ for heavy tails).
  var variance: Double { get }
  /// P(X ≤ x).
  func cumulativeProbability(_ x: Double) -> Double
  /// The quantile function F⁻¹(p), 0 < p < 1 (GSL's `gsl_cdf_*_Pinv`).
  func quantile(_ probability: Double) -> Double
}

/// A distribution over the non-negative integers that BRISim samples through GSL.
public protocol CountDistribution: Sendable {
  /// One draw.
  func sample(_ stream: RandomStream) -> Int
  /// E[K].
  var mean: Double { get }
  /// Var[K].
  var variance: Double { get }
  /// P(K = k).
  func probability(_ k: Int) -> Double
}

extension ContinuousDistribution {
  /// One draw by inversion, F⁻¹(u), from a hot-loop uniform source (e.g. a per-agent
  /// ``AgentStreams`` generator).
  @inlinable
  public func sample<Source: UniformSource>(using source: inout Source) -> Double {
    quantile(source.uniformPositive())
  }

  /// Fills `buffer` with independent draws.
  public func fill(_ buffer: UnsafeMutableBufferPointer<Double>, from stream: RandomStream) {
    for index in buffer.indices { buffer[index] = sample(stream) }
  }

  /// `count` independent draws.
  public func samples(_ count: Int, from stream: RandomStream) -> [Double] {
    (0..<count).map { _ in sample(stream) }
  }
}

/// Uniform on [lower, upper): density 1/(upper − lower). GSL: `gsl_ran_flat`.
public struct UniformDistribution: ContinuousDistribution {
  public let lower: Double
  public let upper: Double

  public init(lower: Double, upper: Double) {
    precondition(
      lower < upper, "uniform distribution needs lower < upper, got [\(lower), \(upper))")
    self.lower = lower
    self.upper = upper
  }

  public func sample(_ stream: RandomStream) -> Double {
    stream.withGSLGenerator { gsl_ran_flat($0, lower, upper) }
  }
  public var mean: Double { (lower + upper) / 2 }
  public var variance: Double { (upper - lower) * (upper - lower) / 12 }
  public func cumulativeProbability(_ x: Double) -> Double { gsl_cdf_flat_P(x, lower, upper) }
  public func quantile(_ probability: Double) -> Double {
    gsl_cdf_flat_Pinv(probability, lower, upper)
  }
}

/// Normal (Gaussian) with mean μ and standard deviation σ:
/// density exp(−(x−μ)²/2σ²)/(σ√(2π)). GSL: `gsl_ran_gaussian_ziggurat` (Marsaglia–Tsang
/// ziggurat, the fastest of GSL's Gaussian samplers).
public struct NormalDistribution: ContinuousDistribution {
  public let mean: Double
  public let standardDeviation: Double

  public init(mean: Double = 0, standardDeviation: Double = 1) {
    precondition(standardDeviation > 0, "normal distribution needs σ > 0, got \(standardDeviation)")
    self.mean = mean
    self.standardDeviation = standardDeviation
  }

  public func sample(_ stream: RandomStream) -> Double {
    mean + stream.withGSLGenerator { gsl_ran_gaussian_ziggurat($0, standardDeviation) }
  }
  public var variance: Double { standardDeviation * standardDeviation }
  public func cumulativeProbability(_ x: Double) -> Double {
    gsl_cdf_gaussian_P(x - mean, standardDeviation)
  }
  public func quantile(_ probability: Double) -> Double {
    mean + gsl_cdf_gaussian_Pinv(probability, standardDeviation)
  }

}

/// Lognormal: ln X ~ Normal(ζ, σ²). Density exp(−(ln x − ζ)²/2σ²)/(xσ√(2π)), x > 0.
/// Mean exp(ζ + σ²/2); variance (exp(σ²) − 1)·exp(2ζ + σ²). GSL: `gsl_ran_lognormal(ζ, σ)`.
///
/// Incomes: a lognormal with Gini coefficient G has σ = √2·Φ⁻¹((1 + G)/2); see
/// ``init(mean:gini:)``.
public struct LognormalDistribution: ContinuousDistribution {
  /// ζ, the mean of ln X.
  public let logMean: Double
  /// σ, the standard deviation of ln X.
  public let logStandardDeviation: Double

  public init(logMean: Double, logStandardDeviation: Double) {
    precondition(
      logStandardDeviation > 0, "lognormal distribution needs σ > 0, got \(logStandardDeviation)")
    self.logMean = logMean
    self.logStandardDeviation = logStandardDeviation
  }

  /// The lognormal with the given mean and Gini coefficient (0 < G < 1).
  public init(mean: Double, gini: Double) {
    precondition(mean > 0, "lognormal mean must be positive, got \(mean)")
    precondition(gini > 0 && gini < 1, "Gini coefficient must be in (0, 1), got \(gini)")
    let sigma = 2.0.squareRoot() * gsl_cdf_ugaussian_Pinv((1 + gini) / 2)
    self.init(logMean: Double.log(mean) - sigma * sigma / 2, logStandardDeviation: sigma)
  }

  public func sample(_ stream: RandomStream) -> Double {
    stream.withGSLGenerator { gsl_ran_lognormal($0, logMean, logStandardDeviation) }
  }
  public var mean: Double { Double.exp(logMean + logStandardDeviation * logStandardDeviation / 2) }
  public var variance: Double {
    let s2 = logStandardDeviation * logStandardDeviation
    return Double.expMinusOne(s2) * Double.exp(2 * logMean + s2)
  }
  /// The Gini coefficient, 2Φ(σ/√2) − 1.
  public var gini: Double { 2 * gsl_cdf_ugaussian_P(logStandardDeviation / 2.0.squareRoot()) - 1 }
  public func cumulativeProbability(_ x: Double) -> Double {
    x <= 0 ? 0 : gsl_cdf_lognormal_P(x, logMean, logStandardDeviation)
  }
  public func quantile(_ probability: Double) -> Double {
    gsl_cdf_lognormal_Pinv(probability, logMean, logStandardDeviation)
  }

}

/// Pareto (type I) with shape α and scale (minimum) xₘ: P(X > x) = (xₘ/x)^α for x ≥ xₘ.
/// Mean αxₘ/(α−1) for α > 1, variance xₘ²α/((α−1)²(α−2)) for α > 2, else +∞.
/// GSL: `gsl_ran_pareto(a = α, b = xₘ)`. Heterogeneous firm productivity (Melitz 2003) and
/// heavy-tailed importer sizes use it.
public struct ParetoDistribution: ContinuousDistribution {
  /// α, the tail exponent.
  public let shape: Double
  /// xₘ, the smallest possible value.
  public let scale: Double

  public init(shape: Double, scale: Double = 1) {
    precondition(shape > 0, "Pareto shape α must be positive, got \(shape)")
    precondition(scale > 0, "Pareto scale xₘ must be positive, got \(scale)")
    self.shape = shape
    self.scale = scale
  }

  public func sample(_ stream: RandomStream) -> Double {
    stream.withGSLGenerator { gsl_ran_pareto($0, shape, scale) }
  }
  public var mean: Double { shape > 1 ? shape * scale / (shape - 1) : .infinity }
  public var variance: Double {
    shape > 2 ? scale * scale * shape / ((shape - 1) * (shape - 1) * (shape - 2)) : .infinity
  }
  public func cumulativeProbability(_ x: Double) -> Double {
    x < scale ? 0 : gsl_cdf_pareto_P(x, shape, scale)
  }
  public func quantile(_ probability: Double) -> Double {
    gsl_cdf_pareto_Pinv(probability, shape, scale)
  }

}

/// Exponential with mean μ (rate 1/μ): density exp(−x/μ)/μ, x ≥ 0. Variance μ².
/// GSL: `gsl_ran_exponential(μ)` — note GSL's parameter is the mean, not the rate.
public struct ExponentialDistribution: ContinuousDistribution {
  public let mean: Double

  public init(mean: Double) {
    precondition(mean > 0, "exponential mean must be positive, got \(mean)")
    self.mean = mean
  }

  public func sample(_ stream: RandomStream) -> Double {
    stream.withGSLGenerator { gsl_ran_exponential($0, mean) }
  }
  public var variance: Double { mean * mean }
  public func cumulativeProbability(_ x: Double) -> Double {
    x <= 0 ? 0 : gsl_cdf_exponential_P(x, mean)
  }
  public func quantile(_ probability: Double) -> Double {
    gsl_cdf_exponential_Pinv(probability, mean)
  }

}

/// Gamma with shape k and scale θ: density x^(k−1)·exp(−x/θ)/(Γ(k)θ^k). Mean kθ, variance kθ².
/// GSL: `gsl_ran_gamma(a = k, b = θ)` (Marsaglia–Tsang) — scale, not rate.
public struct GammaDistribution: ContinuousDistribution {
  public let shape: Double
  public let scale: Double

  public init(shape: Double, scale: Double) {
    precondition(shape > 0, "gamma shape k must be positive, got \(shape)")
    precondition(scale > 0, "gamma scale θ must be positive, got \(scale)")
    self.shape = shape
    self.scale = scale
  }

  public func sample(_ stream: RandomStream) -> Double {
    stream.withGSLGenerator { gsl_ran_gamma($0, shape, scale) }
  }
  public var mean: Double { shape * scale }
  public var variance: Double { shape * scale * scale }
  public func cumulativeProbability(_ x: Double) -> Double {
    x <= 0 ? 0 : gsl_cdf_gamma_P(x, shape, scale)
  }
  public func quantile(_ probability: Double) -> Double {
    gsl_cdf_gamma_Pinv(probability, shape, scale)
  }

}

/// Beta on [0, 1] with shapes a, b: density x^(a−1)(1−x)^(b−1)/B(a, b). Mean a/(a+b),
/// variance ab/((a+b)²(a+b+1)). GSL: `gsl_ran_beta(a, b)`. Shares and probabilities
/// (e.g. initial trust) use it.
public struct BetaDistribution: ContinuousDistribution {
  public let alpha: Double
  public let beta: Double

  public init(alpha: Double, beta: Double) {
    precondition(alpha > 0 && beta > 0, "beta shapes must be positive, got a=\(alpha), b=\(beta)")
    self.alpha = alpha
    self.beta = beta
  }

  public func sample(_ stream: RandomStream) -> Double {
    stream.withGSLGenerator { gsl_ran_beta($0, alpha, beta) }
  }
  public var mean: Double { alpha / (alpha + beta) }
  public var variance: Double {
    let total = alpha + beta
    return alpha * beta / (total * total * (total + 1))
  }
  public func cumulativeProbability(_ x: Double) -> Double {
    x <= 0 ? 0 : (x >= 1 ? 1 : gsl_cdf_beta_P(x, alpha, beta))
  }
  public func quantile(_ probability: Double) -> Double {
    gsl_cdf_beta_Pinv(probability, alpha, beta)
  }

}

/// Gumbel (type-1 extreme value) with location μ and scale β: P(X ≤ x) = exp(−e^(−(x−μ)/β)).
/// Mean μ + βγ (γ = Euler–Mascheroni), variance π²β²/6. Sampled as μ + β·G with G from
/// `gsl_ran_gumbel1(a = 1, b = 1)`. Adding standard Gumbel noise to utilities and taking the
/// maximum draws a multinomial-logit choice (the Gumbel-max trick).
public struct GumbelDistribution: ContinuousDistribution {
  public let location: Double
  public let scale: Double

  /// The Euler–Mascheroni constant γ.
  public static let eulerGamma = 0.577_215_664_901_532_860_6

  public init(location: Double = 0, scale: Double = 1) {
    precondition(scale > 0, "Gumbel scale β must be positive, got \(scale)")
    self.location = location
    self.scale = scale
  }

  public func sample(_ stream: RandomStream) -> Double {
    location + scale * stream.withGSLGenerator { gsl_ran_gumbel1($0, 1, 1) }
  }
  public var mean: Double { location + scale * Self.eulerGamma }
  public var variance: Double { Double.pi * Double.pi * scale * scale / 6 }
  public func cumulativeProbability(_ x: Double) -> Double {
    gsl_cdf_gumbel1_P((x - location) / scale, 1, 1)
  }
  public func quantile(_ probability: Double) -> Double {
    location + scale * gsl_cdf_gumbel1_Pinv(probability, 1, 1)
  }

}

/// Poisson with mean λ: P(K = k) = λᵏe^(−λ)/k!. Variance λ. GSL: `gsl_ran_poisson(λ)`.
public struct PoissonDistribution: CountDistribution {
  public let mean: Double

  public init(mean: Double) {
    precondition(mean >= 0 && mean.isFinite, "Poisson mean must be finite and ≥ 0, got \(mean)")
    self.mean = mean
  }

  public func sample(_ stream: RandomStream) -> Int {
    Int(stream.withGSLGenerator { gsl_ran_poisson($0, mean) })
  }
  public var variance: Double { mean }
  public func probability(_ k: Int) -> Double {
    k < 0 ? 0 : gsl_ran_poisson_pdf(UInt32(k), mean)
  }
}

/// Binomial: the number of successes in n independent trials with success probability p.
/// P(K = k) = C(n, k)pᵏ(1−p)ⁿ⁻ᵏ, mean np, variance np(1−p). GSL: `gsl_ran_binomial(p, n)`.
public struct BinomialDistribution: CountDistribution {
  public let trials: Int
  public let probability: Double

  public init(trials: Int, probability: Double) {
    precondition(
      trials >= 0 && trials <= Int(UInt32.max), "binomial trials out of range: \(trials)")
    precondition(
      probability >= 0 && probability <= 1, "binomial p must be in [0, 1], got \(probability)")
    self.trials = trials
    self.probability = probability
  }

  public func sample(_ stream: RandomStream) -> Int {
    Int(stream.withGSLGenerator { gsl_ran_binomial($0, probability, UInt32(trials)) })
  }
  public var mean: Double { Double(trials) * probability }
  public var variance: Double { Double(trials) * probability * (1 - probability) }
  public func probability(_ k: Int) -> Double {
    k < 0 || k > trials ? 0 : gsl_ran_binomial_pdf(UInt32(k), probability, UInt32(trials))
  }
}
