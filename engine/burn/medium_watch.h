// The medium a burn was planned for, and the check that it is still the one in the drive. A plan
// (free blocks, blank or appendable, CD or DVD) is made when the recorder is chosen; the user may
// open the tray before the record starts. GET EVENT STATUS NOTIFICATION (media class, polled)
// reports a load or removal since the last poll; TEST UNIT READY and the unit attention 06/28/00
// are the fallback and the arbiter, as in Linux's sr driver (sr_check_events). The quirk handling
// of the check (drives without GESN, drives whose GESN invents media changes) is in
// QuirkHandler::checkSameMedium (medium_watch.cc).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "engine/base/result.h"
#include "engine/mmc/drive.h"
#include "engine/mmc/replies.h"

namespace dm::burn {

struct ChosenMedium {
  bool events = true;              // the drive answered GESN when the medium was read
  uint32_t change_attentions = 0;  // mmc::Drive::mediumChangeAttentions() once it was read
  uint16_t profile = 0;            // current profile (0: no medium)
  std::optional<mmc::DiscInformation> disc;
  // "CD-R, blank, 359847 blocks to the lead-out" — what the plan was made for.
  std::string describe() const;
  // Whether `other` reads as the same medium (same kind, state, sessions and capacity).
  bool sameAs(const ChosenMedium& other) const;
};

// Waits for the drive, clears the media events it holds (so a later event is a later change)
// and reads the medium's identity. Fails only when the drive cannot be asked at all.
Result<ChosenMedium> chooseMedium(mmc::Drive& drive);

}  // namespace dm::burn
