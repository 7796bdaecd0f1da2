// engine/sector: the sector pipeline. It owns everything that turns user data into the bytes a
// CD writer is sent: the five sector forms (Mode 1, Mode 2 formless, Mode 2 Form 1 and Form 2,
// CD-DA) with their sync, BCD MSF header and XA subheader (sector_format.h); the EDC, a 32-bit CRC
// (edc.h); the P/Q Reed-Solomon product code (ecc.h); the scrambler (scrambler.h) — all from
// ECMA-130 §14–16 and Annexes A and B; the P–W subchannel with the Q CRC and the 96-byte raw
// interleaved form (subchannel.h); and SectorEncoder, which puts them together per sector or per
// batch without allocating (encoder.h). Kernels are picked at run time from the CPU's features,
// and every choice gives the same bytes (cpu_dispatch.h). Nothing here does I/O.
#pragma once

#include "engine/sector/cpu_dispatch.h"
#include "engine/sector/ecc.h"
#include "engine/sector/edc.h"
#include "engine/sector/encoder.h"
#include "engine/sector/scrambler.h"
#include "engine/sector/sector_format.h"
#include "engine/sector/subchannel.h"
