// The P and Q parity of CD-ROM sectors (ECMA-130 §14.5, Annex A): a Reed-Solomon product code over
// GF(2^8) with field polynomial x^8 + x^4 + x^3 + x^2 + 1. Bytes 12..2075 form a 24 × 86 byte
// matrix; each of the 86 byte columns gets two P bytes (RS(26,24), stored as rows 24 and 25 at
// 2076..2247); each of the 52 byte diagonals of the resulting 26 × 86 matrix gets two Q bytes
// (RS(45,43), at 2248..2351). Mode 2 Form 1 computes the same code with the 4 header bytes taken
// as zero (the caller zeroes them; see encoder.cc).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "engine/sector/cpu_dispatch.h"
#include "engine/sector/sector_format.h"

namespace dm::sector {

// Computes and writes P then Q parity of `sector` in place from its bytes 12..2075.
// REQUIRES: implSupported(impl).
void writeParityPQ(std::span<uint8_t, kRawSectorBytes> sector, Impl impl = Impl::kAuto);

namespace detail {

// Kernels (see cpu_dispatch.h): the same generic-vector code compiled for the baseline ISA
// (16-byte vectors) and for AVX2 (32-byte vectors, REQUIRES avx2).
void eccParityPortable(uint8_t* sector);
void eccParityAvx2(uint8_t* sector);

}  // namespace detail
}  // namespace dm::sector
