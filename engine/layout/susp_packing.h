// Packing the SUSP entries of one directory record (rock_ridge.h): into the record's System Use
// field while the record stays within 255 bytes (ECMA-119 §9.1.1) and of even length; what does
// not fit goes to Continuation Areas (SUSP §5.1) appended to the hierarchy's continuation blocks,
// each area inside one block, chained by CE entries. Block addresses (CE, CL, PL) become fixups
// of the hierarchy, resolved once the image has placed every extent.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/layout/hierarchy.h"
#include "engine/layout/rock_ridge.h"

namespace dm::layout {

// `continuation_used` is the number of bytes used in the last continuation block, carried from
// one call to the next so short areas share blocks.
void packSystemUse(Hierarchy& hierarchy, uint32_t dir, uint32_t record, std::vector<rr::Entry> entries,
                   size_t& continuation_used);

}  // namespace dm::layout
