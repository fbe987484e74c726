// CLAPACK.h — our own prototypes for the Fortran LAPACK/BLAS routines the toolkit calls,
// and static inline wrappers that hide the Fortran calling convention.
//
// Fortran ABI (gfortran, LP64, as built by Debian's liblapack/libopenblas):
//   * every argument by address;
//   * INTEGER is a 32-bit int, LOGICAL an int;
//   * one trailing hidden `size_t` length per CHARACTER argument, passed as 1.
// No lapacke.h (Debian's OpenBLAS lacks it). Only LinearAlgebra imports this module;
// it validates every dimension and workspace before calling, because an illegal
// argument makes some builds print to stdout and exit with status 0 (XERBLA).
#ifndef ORGANICS_CLAPACK_H
#define ORGANICS_CLAPACK_H

#include <stddef.h>

typedef int lapack_int;
typedef int (*lapack_select2)(const double *wr, const double *wi);

// ---- Fortran prototypes -------------------------------------------------------------
void dgetrf_(const lapack_int *m, const lapack_int *n, double *a, const lapack_int *lda,
             lapack_int *ipiv, lapack_int *info);
void dgetrs_(const char *trans, const lapack_int *n, const lapack_int *nrhs, const double *a,
             const lapack_int *lda, const lapack_int *ipiv, double *b, const lapack_int *ldb,
             lapack_int *info, size_t trans_len);
void dgecon_(const char *norm, const lapack_int *n, const double *a, const lapack_int *lda,
             const double *anorm, double *rcond, double *work, lapack_int *iwork, lapack_int *info,
             size_t norm_len);
double dlange_(const char *norm, const lapack_int *m, const lapack_int *n, const double *a,
               const lapack_int *lda, double *work, size_t norm_len);
void dgeev_(const char *jobvl, const char *jobvr, const lapack_int *n, double *a,
            const lapack_int *lda, double *wr, double *wi, double *vl, const lapack_int *ldvl,
            double *vr, const lapack_int *ldvr, double *work, const lapack_int *lwork,
            lapack_int *info, size_t jobvl_len, size_t jobvr_len);
void dsyevd_(const char *jobz, const char *uplo, const lapack_int *n, double *a,
             const lapack_int *lda, double *w, double *work, const lapack_int *lwork,
             lapack_int *iwork, const lapack_int *liwork, lapack_int *info, size_t jobz_len,
             size_t uplo_len);
void dgees_(const char *jobvs, const char *sort, lapack_select2 select, const lapack_int *n,
            double *a, const lapack_int *lda, lapack_int *sdim, double *wr, double *wi,
            double *vs, const lapack_int *ldvs, double *work, const lapack_int *lwork,
            lapack_int *bwork, lapack_int *info, size_t jobvs_len, size_t sort_len);
void dtrsyl_(const char *trana, const char *tranb, const lapack_int *isgn, const lapack_int *m,
             const lapack_int *n, const double *a, const lapack_int *lda, const double *b,
             const lapack_int *ldb, double *c, const lapack_int *ldc, double *scale,
             lapack_int *info, size_t trana_len, size_t tranb_len);
void dtrevc_(const char *side, const char *howmny, lapack_int *select, const lapack_int *n,
             const double *t, const lapack_int *ldt, double *vl, const lapack_int *ldvl, double *vr,
             const lapack_int *ldvr, const lapack_int *mm, lapack_int *m, double *work,
             lapack_int *info, size_t side_len, size_t howmny_len);
void dtrsna_(const char *job, const char *howmny, const lapack_int *select, const lapack_int *n,
             const double *t, const lapack_int *ldt, const double *vl, const lapack_int *ldvl,
             const double *vr, const lapack_int *ldvr, double *s, double *sep, const lapack_int *mm,
             lapack_int *m, double *work, const lapack_int *ldwork, lapack_int *iwork,
             lapack_int *info, size_t job_len, size_t howmny_len);
void dtrsen_(const char *job, const char *compq, const lapack_int *select, const lapack_int *n,
             double *t, const lapack_int *ldt, double *q, const lapack_int *ldq, double *wr,
             double *wi, lapack_int *m, double *s, double *sep, double *work,
             const lapack_int *lwork, lapack_int *iwork, const lapack_int *liwork,
             lapack_int *info, size_t job_len, size_t compq_len);
void dpotrf_(const char *uplo, const lapack_int *n, double *a, const lapack_int *lda,
             lapack_int *info, size_t uplo_len);
void dgeqrf_(const lapack_int *m, const lapack_int *n, double *a, const lapack_int *lda,
             double *tau, double *work, const lapack_int *lwork, lapack_int *info);
void dorgqr_(const lapack_int *m, const lapack_int *n, const lapack_int *k, double *a,
             const lapack_int *lda, const double *tau, double *work, const lapack_int *lwork,
             lapack_int *info);
void dgemm_(const char *transa, const char *transb, const lapack_int *m, const lapack_int *n,
            const lapack_int *k, const double *alpha, const double *a, const lapack_int *lda,
            const double *b, const lapack_int *ldb, const double *beta, double *c,
            const lapack_int *ldc, size_t transa_len, size_t transb_len);
void dgemv_(const char *trans, const lapack_int *m, const lapack_int *n, const double *alpha,
            const double *a, const lapack_int *lda, const double *x, const lapack_int *incx,
            const double *beta, double *y, const lapack_int *incy, size_t trans_len);

// ---- Wrappers: values in, `info` out ------------------------------------------------
static inline lapack_int clapack_dgetrf(lapack_int m, lapack_int n, double *a, lapack_int lda,
                                        lapack_int *ipiv) {
    lapack_int info = 0;
    dgetrf_(&m, &n, a, &lda, ipiv, &info);
    return info;
}

static inline lapack_int clapack_dgetrs(char trans, lapack_int n, lapack_int nrhs, const double *a,
                                        lapack_int lda, const lapack_int *ipiv, double *b,
                                        lapack_int ldb) {
    lapack_int info = 0;
    dgetrs_(&trans, &n, &nrhs, a, &lda, ipiv, b, &ldb, &info, 1);
    return info;
}

static inline lapack_int clapack_dgecon(char norm, lapack_int n, const double *a, lapack_int lda,
                                        double anorm, double *rcond, double *work,
                                        lapack_int *iwork) {
    lapack_int info = 0;
    dgecon_(&norm, &n, a, &lda, &anorm, rcond, work, iwork, &info, 1);
    return info;
}

static inline double clapack_dlange(char norm, lapack_int m, lapack_int n, const double *a,
                                    lapack_int lda, double *work) {
    return dlange_(&norm, &m, &n, a, &lda, work, 1);
}

static inline lapack_int clapack_dgeev(char jobvl, char jobvr, lapack_int n, double *a,
                                       lapack_int lda, double *wr, double *wi, double *vl,
                                       lapack_int ldvl, double *vr, lapack_int ldvr, double *work,
                                       lapack_int lwork) {
    lapack_int info = 0;
    dgeev_(&jobvl, &jobvr, &n, a, &lda, wr, wi, vl, &ldvl, vr, &ldvr, work, &lwork, &info, 1, 1);
    return info;
}

static inline lapack_int clapack_dsyevd(char jobz, char uplo, lapack_int n, double *a,
                                        lapack_int lda, double *w, double *work, lapack_int lwork,
                                        lapack_int *iwork, lapack_int liwork) {
    lapack_int info = 0;
    dsyevd_(&jobz, &uplo, &n, a, &lda, w, work, &lwork, iwork, &liwork, &info, 1, 1);
    return info;
}

/// Real Schur form without reordering (SORT = 'N', SELECT unused); jobvs 'V' or 'N'.
static inline lapack_int clapack_dgees(char jobvs, lapack_int n, double *a, lapack_int lda,
                                       double *wr, double *wi, double *vs, lapack_int ldvs,
                                       double *work, lapack_int lwork, lapack_int *bwork) {
    lapack_int info = 0, sdim = 0;
    char sort = 'N';
    dgees_(&jobvs, &sort, (lapack_select2)0, &n, a, &lda, &sdim, wr, wi, vs, &ldvs, work, &lwork,
           bwork, &info, 1, 1);
    return info;
}

static inline lapack_int clapack_dtrsyl(char trana, char tranb, lapack_int isgn, lapack_int m,
                                        lapack_int n, const double *a, lapack_int lda,
                                        const double *b, lapack_int ldb, double *c,
                                        lapack_int ldc, double *scale) {
    lapack_int info = 0;
    dtrsyl_(&trana, &tranb, &isgn, &m, &n, a, &lda, b, &ldb, c, &ldc, scale, &info, 1, 1);
    return info;
}

/// Eigenvectors of a quasi-triangular T (side 'R', 'L' or 'B'; howmny 'A' all or 'S' selected).
static inline lapack_int clapack_dtrevc(char side, char howmny, lapack_int *select, lapack_int n,
                                        const double *t, lapack_int ldt, double *vl,
                                        lapack_int ldvl, double *vr, lapack_int ldvr,
                                        lapack_int mm, lapack_int *m, double *work) {
    lapack_int info = 0;
    dtrevc_(&side, &howmny, select, &n, t, &ldt, vl, &ldvl, vr, &ldvr, &mm, m, work, &info, 1, 1);
    return info;
}

/// Reciprocal condition numbers of eigenvalues (job 'E'), eigenvectors (sep, job 'V') or both.
static inline lapack_int clapack_dtrsna(char job, char howmny, const lapack_int *select,
                                        lapack_int n, const double *t, lapack_int ldt,
                                        const double *vl, lapack_int ldvl, const double *vr,
                                        lapack_int ldvr, double *s, double *sep, lapack_int mm,
                                        lapack_int *m, double *work, lapack_int ldwork,
                                        lapack_int *iwork) {
    lapack_int info = 0;
    dtrsna_(&job, &howmny, select, &n, t, &ldt, vl, &ldvl, vr, &ldvr, s, sep, &mm, m, work,
            &ldwork, iwork, &info, 1, 1);
    return info;
}

/// Reorders T so the selected eigenvalues lead, and (job 'E') the reciprocal condition number
/// s of their average; compq 'N' (Q not updated; q unused, ldq ≥ 1).
static inline lapack_int clapack_dtrsen(char job, char compq, const lapack_int *select, lapack_int n,
                                        double *t, lapack_int ldt, double *q, lapack_int ldq,
                                        double *wr, double *wi, lapack_int *m, double *s,
                                        double *sep, double *work, lapack_int lwork,
                                        lapack_int *iwork, lapack_int liwork) {
    lapack_int info = 0;
    dtrsen_(&job, &compq, select, &n, t, &ldt, q, &ldq, wr, wi, m, s, sep, work, &lwork, iwork,
            &liwork, &info, 1, 1);
    return info;
}

static inline lapack_int clapack_dpotrf(char uplo, lapack_int n, double *a, lapack_int lda) {
    lapack_int info = 0;
    dpotrf_(&uplo, &n, a, &lda, &info, 1);
    return info;
}

static inline lapack_int clapack_dgeqrf(lapack_int m, lapack_int n, double *a, lapack_int lda,
                                        double *tau, double *work, lapack_int lwork) {
    lapack_int info = 0;
    dgeqrf_(&m, &n, a, &lda, tau, work, &lwork, &info);
    return info;
}

static inline lapack_int clapack_dorgqr(lapack_int m, lapack_int n, lapack_int k, double *a,
                                        lapack_int lda, const double *tau, double *work,
                                        lapack_int lwork) {
    lapack_int info = 0;
    dorgqr_(&m, &n, &k, a, &lda, tau, work, &lwork, &info);
    return info;
}

static inline void clapack_dgemm(char transa, char transb, lapack_int m, lapack_int n,
                                 lapack_int k, double alpha, const double *a, lapack_int lda,
                                 const double *b, lapack_int ldb, double beta, double *c,
                                 lapack_int ldc) {
    dgemm_(&transa, &transb, &m, &n, &k, &alpha, a, &lda, b, &ldb, &beta, c, &ldc, 1, 1);
}

static inline void clapack_dgemv(char trans, lapack_int m, lapack_int n, double alpha,
                                 const double *a, lapack_int lda, const double *x, double beta,
                                 double *y) {
    lapack_int one = 1;
    dgemv_(&trans, &m, &n, &alpha, a, &lda, x, &one, &beta, y, &one, 1);
}

#endif
