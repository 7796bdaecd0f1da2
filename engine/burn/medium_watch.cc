// The medium check before a burn (see medium_watch.h) and its two event quirks.
#include "engine/burn/medium_watch.h"

#include <fmt/format.h>

#include "engine/burn/quirk_workarounds.h"
#include "engine/mmc/sense.h"

namespace dm::burn {
namespace {

constexpr Duration kReadyTimeout = std::chrono::seconds(60);
// A drive that reports an event on every poll (gesn_spurious_media_change) never runs dry.
constexpr int kEventDrainPolls = 4;

std::string_view eventName(uint8_t code) {
  switch (code) {
    case 1: return "eject request";
    case 2: return "new media";
    case 3: return "media removal";
    case 4: return "media changed";
    default: return "no event";
  }
}

bool isInvalidOpcode(const Status& s) {
  const auto& sense = s.context().sense;
  return sense && sense->key == 0x05 && sense->asc == 0x20;
}

// The medium as it reads now (profile and disc information), without waiting.
ChosenMedium readIdentity(mmc::Drive& drive) {
  ChosenMedium m;
  if (auto profile = drive.currentProfile()) m.profile = *profile;
  if (m.profile == 0) return m;
  if (auto disc = drive.discInformation()) m.disc = *disc;
  return m;
}

}  // namespace

std::string ChosenMedium::describe() const {
  if (profile == 0) return "no medium";
  std::string out(mmc::profileName(profile));
  if (disc) {
    // CD profiles (08h-0Ah) send the last possible lead-out as an MSF; DVD and BD as an LBA.
    const bool cd = profile >= 0x08 && profile <= 0x0A;
    out += fmt::format(", {}, {} session(s), last possible lead-out LBA {}", mmc::discStatusName(disc->status),
                       disc->sessions, cd ? disc->last_possible_leadout_lba
                                          : static_cast<int64_t>(disc->last_possible_leadout_address));
  }
  return out;
}

bool ChosenMedium::sameAs(const ChosenMedium& other) const {
  if (profile != other.profile || disc.has_value() != other.disc.has_value()) return false;
  if (!disc) return true;
  return disc->status == other.disc->status && disc->sessions == other.disc->sessions &&
         disc->erasable == other.disc->erasable &&
         disc->last_possible_leadout_address == other.disc->last_possible_leadout_address &&
         disc->last_track_last_session == other.disc->last_track_last_session;
}

Result<ChosenMedium> chooseMedium(mmc::Drive& drive) {
  bool events = true;
  for (int i = 0; i < kEventDrainPolls; ++i) {
    auto event = drive.mediaEvent();
    if (!event.ok()) {
      events = false;  // GESN refused (05/20/00 on MMC-1 drives): the check falls back to TUR
      break;
    }
    if (!event->changed()) break;
  }
  // A disc just loaded raises a unit attention; waiting here takes it, so only a later change counts.
  (void)drive.waitUntilReady(kReadyTimeout);
  ChosenMedium m = readIdentity(drive);
  m.events = events;
  m.change_attentions = drive.mediumChangeAttentions();
  return m;
}

Status QuirkHandler::checkSameMedium(const ChosenMedium& chosen) {
  std::optional<mmc::MediaEvent> event;
  if (!chosen.events && enabled_.medium_change_from_unit_attention) {
    note("gesn_unsupported",
         "GET EVENT STATUS NOTIFICATION was refused when the medium was read; a change is found by TEST "
         "UNIT READY, the unit attention 06/28/00 and the disc's identity instead");
  } else {
    auto asked = drive_.mediaEvent();
    if (!asked.ok()) {
      if (!isInvalidOpcode(asked.error()) || !enabled_.medium_change_from_unit_attention) {
        return asked.error().withPrefix("asking the drive whether the medium changed");
      }
      note("gesn_unsupported", "GET EVENT STATUS NOTIFICATION answered 05/20/00; a change is found by TEST UNIT READY");
    } else {
      event = *asked;
    }
  }
  // TEST UNIT READY decides whether a disc is there and whether it was loaded since (sr_check_events).
  DM_ASSIGN_OR_RETURN(std::optional<SenseTriple> tur, drive_.probeUnitReady());
  if (tur && !(tur->key == 0x02 && tur->asc == 0x3A)) {
    // A unit attention or "becoming ready": wait for the drive (02/3A/00 then means no disc).
    Status ready = drive_.waitUntilReady(kReadyTimeout);
    if (!ready.ok() && ready.context().sense && ready.context().sense->asc == 0x3A) tur = ready.context().sense;
  }
  if (tur && tur->key == 0x02 && tur->asc == 0x3A) {
    return Status(ResultCode::kMediumNotPresent,
                  fmt::format("the disc was removed after the recorder was chosen (it held {}; TEST UNIT READY: {}): "
                              "insert a disc and choose the recorder again",
                              chosen.describe(), mmc::describeSense(*tur)));
  }
  const ChosenMedium now = readIdentity(drive_);
  const bool tur_changed = drive_.mediumChangeAttentions() != chosen.change_attentions;
  const bool gesn_changed = event && event->available && (event->changed() || !event->present);
  const auto changed = [&] {
    std::string why = tur_changed ? "unit attention 06/28/00" : "";
    if (gesn_changed) why += fmt::format("{}GESN media event '{}'", why.empty() ? "" : ", ", eventName(event->code));
    if (why.empty()) why = "the disc reads differently";
    return Status(ResultCode::kWrongDisc,
                  fmt::format("the medium changed since the recorder was chosen ({}): the burn was planned for {}, "
                              "the drive now holds {}; choose the recorder again to plan for this disc",
                              why, chosen.describe(), now.describe()));
  };
  // The plan holds for any disc that reads as the chosen one (kind, state, sessions, capacity):
  // putting the right disc back is fine, another one is not.
  if (!now.sameAs(chosen)) return changed();
  if (!gesn_changed) return Status::Ok();
  // A host that takes GESN's word refuses here. The workaround asks TEST UNIT READY first, as
  // Linux sr.c does ("GET_EVENT is unreliable, use TUR"): a confirmed change was re-read above.
  if (!enabled_.trust_tur_over_gesn) return changed();
  if (tur_changed) return Status::Ok();
  note("gesn_spurious_media_change",
       fmt::format("GESN reported '{}' but TEST UNIT READY raised no unit attention and the disc reads as chosen ({}); "
                   "TEST UNIT READY is trusted",
                   eventName(event->code), chosen.describe()));
  return Status::Ok();
}

}  // namespace dm::burn
