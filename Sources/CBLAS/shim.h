// OpenBLAS: CBLAS for dense linear algebra and the LAPACK routines BRISim calls.
//
// Debian's libopenblas exports LAPACK's Fortran symbols (dgelsd_, ...) but ships no LAPACKE
// header, so the one LAPACK routine used is declared here with its Fortran calling convention:
// every argument by pointer, column-major arrays, 32-bit integers (OpenBLAS LP64 build).
#include <cblas.h>

/// Minimum-norm least squares by divide-and-conquer SVD (LAPACK DGELSD).
void dgelsd_(const int *m, const int *n, const int *nrhs, double *a, const int *lda, double *b,
             const int *ldb, double *s, const double *rcond, int *rank, double *work,
             const int *lwork, int *iwork, int *info);

