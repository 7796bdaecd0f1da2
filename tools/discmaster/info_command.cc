// `discmaster info`: the drive's identity, capabilities and speeds, and the medium's state, all
// read through MMC commands exactly as a burn would read them.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "engine/burn/disc_survey.h"
#include "engine/burn/medium_kind.h"
#include "engine/mmc/drive.h"
#include "tools/discmaster/commands.h"
#include "tools/discmaster/device.h"
#include "tools/discmaster/exit_codes.h"
#include "tools/discmaster/output.h"

namespace dm::cli {
namespace {

struct InfoOptions {
  DeviceChoice device;
  bool json = false;
};

Status runInfo(const InfoOptions& o, const Output& out) {
  DM_ASSIGN_OR_RETURN(OpenDevice dev, openDevice(o.device));
  mmc::Drive drive(*dev.transport);
  DM_TRY(drive.waitUntilReady(std::chrono::seconds(60)));
  DM_ASSIGN_OR_RETURN(mmc::InquiryData id, drive.inquiry());
  DM_ASSIGN_OR_RETURN(uint16_t profile, drive.currentProfile());
  DM_ASSIGN_OR_RETURN(mmc::Capabilities caps, drive.capabilities());
  DM_ASSIGN_OR_RETURN(mmc::DiscInformation disc, drive.discInformation());
  // A complete disc has no invisible track to ask about (the drive answers 05/24/00): nothing is
  // writable, and that is the answer.
  mmc::TrackInformation next;
  if (disc.status != mmc::DiscStatus::kComplete) {
    DM_ASSIGN_OR_RETURN(next, drive.trackInformation(mmc::TrackAddressType::kTrack, mmc::kInvisibleTrack));
  }

  const std::string medium = dev.describeMedium();
  // The recorded tracks, as READ TRACK INFORMATION reports them (the invisible track skipped).
  Json tracks = Json::array();
  std::string track_text;
  if (disc.status != mmc::DiscStatus::kBlank) {
    for (uint32_t n = disc.first_track; n <= disc.last_track_last_session; ++n) {
      DM_ASSIGN_OR_RETURN(mmc::TrackInformation t, drive.trackInformation(mmc::TrackAddressType::kTrack, n));
      if (t.blank) continue;
      const char* kind = (t.track_mode & 0x04) != 0 ? "data" : "audio";
      tracks.push_back({{"track", t.track}, {"session", t.session}, {"type", kind}, {"start_lba", t.start_lba},
                        {"blocks", t.track_size}});
      track_text += fmt::format("track {:2}       session {}, {}, LBA {}, {} blocks\n", t.track, t.session, kind,
                                t.start_lba, withThousands(t.track_size));
    }
  }

  // ATIP: recordable media only; pressed discs and drives that cannot read it answer 05/24/00.
  const auto atip = drive.atip();
  Json atip_json = nullptr;
  std::string atip_text;
  if (atip.ok()) {
    const std::string lead_in = fmt::format("{:02d}:{:02d}:{:02d}", atip->lead_in_m, atip->lead_in_s, atip->lead_in_f);
    const std::string lead_out = fmt::format("{:02d}:{:02d}:{:02d}", atip->lead_out_m, atip->lead_out_s, atip->lead_out_f);
    atip_json = {{"disc_type", atip->rewritable ? "CD-RW" : "CD-R"}, {"disc_subtype", atip->disc_subtype},
                 {"lead_in", lead_in}, {"lead_in_lba", atip->lead_in_lba}, {"last_lead_out", lead_out},
                 {"last_lead_out_lba", atip->last_lead_out_lba}};
    atip_text = fmt::format("ATIP           {}, lead-in {} (LBA {}), last possible lead-out {} ({} blocks)\n",
                            atip->rewritable ? "CD-RW" : "CD-R", lead_in, atip->lead_in_lba, lead_out,
                            withThousands(static_cast<uint64_t>(atip->last_lead_out_lba)));
  }

  // Speeds, TOC and sessions as reading tools ask for them, drive quirks worked around and named.
  DM_ASSIGN_OR_RETURN(burn::DiscSurvey survey, burn::surveyDisc(drive, caps, disc));
  // Speeds in multiples of the loaded medium's 1x: 176.4 kB/s on CD, 1,385 kB/s on DVD, 4,495.5 kB/s
  // on BD (profiles 0040h-0043h, BD-ROM too, mmc.md §8.1).
  const bool bd = profile >= 0x0040 && profile <= 0x0043;
  const double one_x = bd ? mmc::kBdSpeed1xKbps : burn::speed1xKbps(burn::mediumKind(profile));
  auto speedX = [one_x](double kbps) { return kbps / one_x; };
  survey.selected_write_speed_x = survey.selected_write_speed_x * mmc::kCdSpeed1xKbps / one_x;
  std::vector<std::string> speeds;
  for (uint16_t kbps : survey.write_speeds_kbps) speeds.push_back(fmt::format("{:.0f}x", speedX(kbps)));
  Json toc_tracks = Json::array();
  std::string toc_text;
  for (const burn::SurveyTrack& t : survey.tracks) {
    toc_tracks.push_back({{"track", t.number}, {"type", t.audio ? "audio" : "data"}, {"start_lba", t.start_lba}});
    toc_text += fmt::format(" {}", t.number);
  }
  Json sessions = Json::array();
  std::string session_text;
  for (const mmc::TocSession& ses : survey.sessions) {
    sessions.push_back({{"session", ses.session}, {"first_track", ses.first_track}, {"last_track", ses.last_track},
                        {"start_lba", ses.first_track_lba}, {"lead_out_lba", ses.lead_out_lba}});
    session_text += fmt::format("session {:2}     tracks {}-{}, LBA {}, lead-out at LBA {}\n", ses.session, ses.first_track,
                                ses.last_track, ses.first_track_lba, ses.lead_out_lba);
  }
  std::string quirk_text;
  for (const std::string& q : survey.quirks) quirk_text += fmt::format("quirk          {}\n", q);
  const double t = std::chrono::duration<double>(drive.clock().now()).count();
  out.event("info", t,
            {{"device", dev.name}, {"vendor", id.vendor}, {"product", id.product}, {"revision", id.revision},
             {"profile", mmc::profileName(profile)}, {"medium", medium},
             {"buffer_bytes", caps.buffer_bytes}, {"bufe_capable", caps.buffer_underrun_protection},
             {"test_write", caps.test_write}, {"max_write_speed_x", std::round(speedX(caps.max_write_kbps))},
             {"write_speeds", speeds}, {"disc_status", mmc::discStatusName(disc.status)},
             {"erasable", disc.erasable}, {"sessions", disc.sessions},
             {"next_writable_lba", next.nwa_valid ? Json(next.next_writable_lba) : Json(nullptr)},
             {"free_blocks", next.free_blocks}, {"tracks", tracks}, {"atip", atip_json},
             {"selected_write_speed_x", std::round(survey.selected_write_speed_x * 100) / 100},
             {"toc", {{"first_track", survey.first_track}, {"last_track", survey.last_track}, {"tracks", toc_tracks}}},
             {"toc_sessions", sessions}, {"quirks", survey.quirks}});
  out.text(fmt::format(
      "device         {}\n"
      "drive          {} {} {}\n"
      "buffer         {} KiB, underrun protection {}, test write {}\n"
      "write speeds   {} (max {:.0f}x, selected {:.0f}x)\n"
      "medium         {} ({})\n"
      "{}"
      "disc           {}{}, {} session(s)\n"
      "next writable  {}, {} blocks free ({} MiB)\n",
      dev.name, id.vendor, id.product, id.revision, caps.buffer_bytes / 1024,
      caps.buffer_underrun_protection ? "yes" : "no", caps.test_write ? "yes" : "no", fmt::join(speeds, " "),
      speedX(caps.max_write_kbps), survey.selected_write_speed_x, medium, mmc::profileName(profile), atip_text,
      mmc::discStatusName(disc.status), disc.erasable ? ", erasable" : "", disc.sessions,
      next.nwa_valid ? fmt::format("LBA {}", next.next_writable_lba) : std::string("none"),
      withThousands(next.free_blocks), next.free_blocks * 2048ull / (1024 * 1024)));
  out.text(track_text);
  if (!survey.tracks.empty()) {
    out.text(fmt::format("toc            tracks {}-{}:{}\n{}", survey.first_track, survey.last_track, toc_text, session_text));
  }
  out.text(quirk_text);
  return saveMedium(o.device, dev);
}

}  // namespace

void addInfoCommand(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("info", "Drive identity, features and speeds; the medium and its sessions");
  cmd->footer(
      "\nExamples:\n  discmaster info\n  discmaster info -d virtual --medium cd-rw --json\n"
      "  discmaster info --medium-file my-disc.vrec\n"
      "  discmaster info --medium-image album.cue    a pre-recorded disc from a cue sheet and its BIN\n");
  auto o = std::make_shared<InfoOptions>();
  cmd->add_option("-d,--device", o->device.device, "Device path or virtual[:PROFILE]")->capture_default_str();
  cmd->add_option("--medium", o->device.medium,
                  "Virtual recorders: blank medium kind (cd-r21, cd-r74, cd-r80, cd-r90, cd-r99, cd-rw)")
      ->capture_default_str();
  cmd->add_option("--medium-file", o->device.medium_file,
                  "Virtual recorders: load the disc from F if it exists (else start blank), save it after");
  addMediumImageOption(*cmd, o->device);
  cmd->add_flag("--json", o->json, "One JSON object per line");
  cmd->callback([o, cmd, &exit_code] {
    noteMediumChoice(*cmd, o->device);
    const Output out(o->json);
    const Status s = runInfo(*o, out);
    exit_code = exitCodeFor(s.code());
    out.result(s, exit_code, 0);
  });
}

}  // namespace dm::cli
