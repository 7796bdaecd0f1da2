// START STOP UNIT (1Bh), PREVENT ALLOW MEDIUM REMOVAL (1Eh) and GET EVENT STATUS NOTIFICATION
// (4Ah): the tray, the lock and media events (SBC, MMC-5; mmc.md §2). A load
// raises the unit attention 06/28/00 once; a recorder built with a medium starts ready.
#include <string>
#include <vector>

#include "emulator/drive/cdb.h"
#include "emulator/drive/drive.h"
#include "emulator/sim/rate.h"

namespace vrec {
namespace {

constexpr uint8_t kMediaEventNone = 0;
constexpr uint8_t kMediaEventNewMedia = 2;
constexpr uint8_t kMediaEventRemoval = 3;
constexpr uint8_t kClassMediaBit = 0x10;  // notification class request bit 4
constexpr uint8_t kClassMedia = 4;

}  // namespace

void Drive::handleStartStopUnit(Command& c) {
  const bool immed = (c.cdb[1] & 0x01) != 0;
  const uint8_t power = static_cast<uint8_t>(c.cdb[4] >> 4);
  const bool load_eject = (c.cdb[4] & 0x02) != 0;
  const bool start = (c.cdb[4] & 0x01) != 0;
  c.params = std::string(load_eject ? (start ? "load" : "eject") : (start ? "start" : "stop")) +
             " immed=" + (immed ? "1" : "0");
  if (power != 0) {
    failField(c, kSenseInvalidFieldInCdb, 4, 7);  // power conditions are not modelled
    return;
  }
  if (!load_eject) {
    if (start) requireMedium(c);  // spinning up needs a disc; stopping always succeeds
    return;
  }
  if (!start) {
    if (prevent_removal_) {
      fail(c, kSenseRemovalPrevented);  // mmc.md §2: eject while locked → 05/53/02
      return;
    }
    if (tray_open_) return;
    const Ticks end = openTray(c.ready);
    if (!immed) c.finished = end;
    return;
  }
  if (!tray_open_) return;
  tray_open_ = false;
  Ticks end = addTicks(c.ready, profile_.eject_duration);
  if (medium_present_) {
    // mmc.md §7: tray close until the medium is recognised; then one unit attention (§5.2).
    end = addTicks(c.ready, profile_.load_duration);
    unit_attention_ = kSenseMediumMayHaveChanged;
    media_event_ = kMediaEventNewMedia;
    if (immed && end > c.ready) setBusy(kSenseBecomingReady, c.ready, end);
  }
  trace_.event(c.ready, end, "TRAY-IN", medium_present_ ? medium_.describe() : std::string("empty"));
  if (!immed) c.finished = end;
}

void Drive::handlePreventAllowMediumRemoval(Command& c) {
  const uint8_t prevent = c.cdb[4] & 0x03;
  c.params = "prevent=" + std::to_string(prevent);
  // Bit 1 (persistent prevention) is accepted and treated like bit 0 for this single initiator.
  prevent_removal_ = prevent != 0;
}

void Drive::handleGetEventStatusNotification(Command& c) {
  const bool polled = (c.cdb[1] & 0x01) != 0;
  const uint8_t request = c.cdb[4];
  const uint16_t allocation = be16(c.cdb, 7);
  c.params = "class=" + std::to_string(request) + " al=" + std::to_string(allocation);
  if (profile_.quirks.has(Quirk::kGesnUnsupported)) {
    fail(c, kSenseInvalidOpcode);  // an MMC-1 drive: the command does not exist
    return;
  }
  if (!polled) {
    failField(c, kSenseInvalidFieldInCdb, 1, 0);  // asynchronous notification is not offered
    return;
  }
  std::vector<uint8_t> out(4, 0);
  out[3] = kClassMediaBit;  // supported event classes: media only
  if ((request & kClassMediaBit) == 0) {
    putBe16(out, 0, 2);
    out[2] = 0x80;  // NEA: none of the requested classes is available
    reply(c, out, allocation);
    return;
  }
  // mmc.md §2 GESN media event: code, then Media Present (bit 1) and Door/Tray Open (bit 0).
  out.resize(8, 0);
  putBe16(out, 0, 6);
  out[2] = kClassMedia;
  out[5] = static_cast<uint8_t>((medium_present_ && !tray_open_ ? 0x02 : 0x00) | (tray_open_ ? 0x01 : 0x00));
  out[4] = media_event_;
  // gesn_spurious_media_change: "new media" on every poll while a disc is loaded, never cleared.
  if (profile_.quirks.has(Quirk::kGesnSpuriousMediaChange) && media_event_ == kMediaEventNone && (out[5] & 0x02) != 0) {
    out[4] = kMediaEventNewMedia;
  }
  media_event_ = kMediaEventNone;  // reported once
  reply(c, out, allocation);
}

Ticks Drive::openTray(Ticks at) {
  // Ejecting mid-track abandons it: the disc keeps an incomplete, damaged track (a cancelled
  // burn), and any simulation is simply forgotten.
  if (!simulation_ && medium_.openTrack() != nullptr) medium_.markOpenTrackDamaged();
  simulation_.reset();
  resetWriteHead();
  dropCueSheet();
  tray_open_ = true;
  if (medium_present_) media_event_ = kMediaEventRemoval;
  const Ticks end = addTicks(at, profile_.eject_duration);
  trace_.event(at, end, "TRAY-OUT", medium_present_ ? medium_.describe() : std::string("empty"));
  return end;
}

bool Drive::pressEjectButton(bool emergency) {
  // A drive ignores its button while the host prevents removal (PREVENT ALLOW MEDIUM REMOVAL),
  // which is why burners lock the tray before writing; the emergency eject (a paper clip in the
  // hole) is mechanical and works anyway.
  if (prevent_removal_ && !emergency) {
    trace_.event(now(), now(), "EJECT-BUTTON", "ignored: removal prevented");
    return false;
  }
  trace_.event(now(), now(), "EJECT-BUTTON", emergency ? "emergency eject: tray opens" : "tray opens");
  prevent_removal_ = false;
  if (!tray_open_) openTray(now());
  return true;
}

}  // namespace vrec
