// GSL for BRISim's Stochastic module.
//
// OpenBLAS's CBLAS header comes first and `__GSL_CBLAS_H__` is defined so that GSL's own
// gsl_cblas.h (pulled in by gsl_randist.h and gsl_blas.h) is skipped: its CBLAS enums differ from
// OpenBLAS's and the two clash in one build. The module map links `gsl` and `openblas` but never
// `gslcblas`, so every cblas_* call, ours and GSL's, binds to OpenBLAS.
#include <cblas.h>
#define __GSL_CBLAS_H__ 1
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_version.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_multimin.h>
