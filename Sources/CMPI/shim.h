// BRISim's few MPI calls, as plain C functions Swift can import. Open MPI's handles
// (MPI_COMM_WORLD, MPI_INT64_T) are macros over its internal symbols, which Swift cannot import,
// so each call is wrapped here.
//
// The package must build on a machine without MPI. SwiftPM runs `pkg-config ompi-c`: with Open
// MPI's headers installed it adds their include path and -lmpi, `<mpi.h>` is found and
// BRISIM_HAVE_MPI is 1. Without them pkg-config gives nothing, `<mpi.h>` is not found, the
// functions below are stubs that report MPI as absent, and nothing links against libmpi.
#ifndef BRISIM_CMPI_SHIM_H
#define BRISIM_CMPI_SHIM_H

#include <stdint.h>
#include <stddef.h>

#if __has_include(<mpi.h>)
#include <mpi.h>
#define BRISIM_HAVE_MPI 1
#else
#define BRISIM_HAVE_MPI 0
#endif

/// 1 when this binary was built with Open MPI's headers and library, else 0.
static inline int brisim_mpi_available(void) { return BRISIM_HAVE_MPI; }

#if BRISIM_HAVE_MPI

/// MPI_Init_thread asking for MPI_THREAD_FUNNELED (runs use threads; only the main thread
/// calls MPI). Returns MPI_SUCCESS (0) or an error code.
static inline int brisim_mpi_init(void) {
  int provided = 0;
  return MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided);
}

static inline int brisim_mpi_finalize(void) { return MPI_Finalize(); }

/// The MPI library's version text (callable before MPI_Init) into `buffer` of `capacity` bytes.
static inline void brisim_mpi_library_version(char *buffer, int capacity) {
  char text[MPI_MAX_LIBRARY_VERSION_STRING];
  int length = 0;
  MPI_Get_library_version(text, &length);
  int count = length < capacity - 1 ? length : capacity - 1;
  for (int index = 0; index < count; index++) buffer[index] = text[index];
  buffer[count] = 0;
}

static inline void brisim_mpi_abort(int code) { MPI_Abort(MPI_COMM_WORLD, code); }

static inline int brisim_mpi_rank(void) {
  int rank = -1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  return rank;
}

static inline int brisim_mpi_size(void) {
  int size = 0;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  return size;
}

/// Sends `count` 64-bit integers to rank `destination` with `tag` (blocking).
static inline int brisim_mpi_send(const int64_t *values, int count, int destination, int tag) {
  return MPI_Send(values, count, MPI_INT64_T, destination, tag, MPI_COMM_WORLD);
}

/// Receives up to `count` 64-bit integers from `source` (-1: any rank) with any tag (blocking);
/// stores the sender and the tag.
static inline int brisim_mpi_receive(
  int64_t *values, int count, int source, int *sender, int *tag
) {
  MPI_Status status;
  int result = MPI_Recv(
    values, count, MPI_INT64_T, source < 0 ? MPI_ANY_SOURCE : source, MPI_ANY_TAG,
    MPI_COMM_WORLD, &status);
  *sender = status.MPI_SOURCE;
  *tag = status.MPI_TAG;
  return result;
}

/// 1 if a message from any rank is waiting, else 0 (never blocks).
static inline int brisim_mpi_message_waiting(void) {
  int flag = 0;
  MPI_Status status;
  MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &status);
  return flag;
}

#else

static inline int brisim_mpi_init(void) { return -1; }
static inline int brisim_mpi_finalize(void) { return -1; }
static inline void brisim_mpi_library_version(char *buffer, int capacity) {
  if (capacity > 0) buffer[0] = 0;
}
static inline void brisim_mpi_abort(int code) { (void)code; }
static inline int brisim_mpi_rank(void) { return -1; }
static inline int brisim_mpi_size(void) { return 0; }
static inline int brisim_mpi_send(const int64_t *values, int count, int destination, int tag) {
  (void)values; (void)count; (void)destination; (void)tag;
  return -1;
}
static inline int brisim_mpi_receive(
  int64_t *values, int count, int source, int *sender, int *tag
) {
  (void)values; (void)count; (void)source;
  *sender = -1;
  *tag = -1;
  return -1;
}
static inline int brisim_mpi_message_waiting(void) { return 0; }

#endif
#endif
