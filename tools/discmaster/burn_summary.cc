// Burn summary text and JSON (see the header).
#include "tools/discmaster/burn_summary.h"

#include <fmt/format.h>

#include <algorithm>

namespace dm::cli {
namespace {

double seconds(Duration d) { return std::chrono::duration<double>(d).count(); }

std::string mib(uint64_t blocks) { return fmt::format("{:.1f} MiB", blocks * 2048.0 / (1024 * 1024)); }

std::string speedLine(const burn::BurnReport& r) {
  const std::string asked = r.requested_speed_x ? fmt::format("{:g}x", *r.requested_speed_x) : "max";
  return fmt::format("asked {}, drive {:.0f}x, average {:.1f}x{}", asked, r.accepted_speed_x, r.average_speed_x,
                     r.write_mode.empty()             ? ""
                     : r.write_mode.starts_with("BD") ? " (BD 1x = 4,495.5 kB/s)"
                                                      : " (DVD 1x = 1,385 kB/s)");
}

}  // namespace

std::string burnSummary(const burn::BurnReport& r, const StagedImage& staged, const std::string& medium_before,
                        const std::string& medium_after, const Status& final_status) {
  std::string phases;
  for (const auto& p : r.phases) phases += fmt::format("{}{} {:.2f} s", phases.empty() ? "" : ", ", p.name, seconds(p.took));
  const std::string identity = r.drive.vendor.empty() ? "" : fmt::format("  ({} {} {})", r.drive.vendor, r.drive.product, r.drive.revision);
  std::string s;
  s += fmt::format("device         {}{}\n", r.device, identity);
  s += fmt::format("medium         {} -> {}\n", medium_before, medium_after);
  const std::string_view write_type = r.write_mode.empty() ? mmc::writeTypeName(r.write_type) : r.write_mode;
  s += fmt::format("write type     {}, Mode 1 data, BUFE {}, {}\n", write_type,
                   r.bufe ? "on" : "off", r.simulate ? "simulation (test write)" : "real write");
  s += fmt::format("speed          {}\n", speedLine(r));
  s += fmt::format("image          {} files, {} folders, volume \"{}\", {} blocks ({})\n",
                   withThousands(staged.tree->fileCount()), withThousands(staged.tree->directoryCount()),
                   staged.volume_name, withThousands(r.image_blocks), mib(r.image_blocks));
  if (r.write_type == mmc::WriteType::kRaw) {
    // Raw: the host wrote the lead-in (from the ATIP's start) and the lead-out too.
    s += fmt::format("sectors        {} written from LBA {} ({} lead-in + 150 pregap + {} image + {} padding + {} "
                     "lead-out) in {} WRITE(10)\n",
                     withThousands(r.blocks_written), r.start_lba - 150 - static_cast<int64_t>(r.lead_in_blocks),
                     withThousands(r.lead_in_blocks), withThousands(r.image_blocks), withThousands(r.padding_blocks),
                     withThousands(r.lead_out_blocks), withThousands(r.write_commands));
  } else if (r.write_type == mmc::WriteType::kSessionAtOnce && r.write_mode.empty()) {
    // Session-At-Once: the host writes the first track's 2 s pregap too.
    s += fmt::format("sectors        {} written from LBA {} (150 pregap + {} image + {} padding) in {} WRITE(10)\n",
                     withThousands(r.blocks_written), r.start_lba - 150, withThousands(r.image_blocks),
                     withThousands(r.padding_blocks), withThousands(r.write_commands));
  } else {
    s += fmt::format("sectors        {} written at LBA {} ({} image + {} padding) in {} WRITE(10)\n",
                     withThousands(r.blocks_written), r.start_lba, withThousands(r.image_blocks),
                     withThousands(r.padding_blocks), withThousands(r.write_commands));
  }
  if (r.min_buffer_percent >= 0) s += fmt::format("drive buffer   min {}%\n", r.min_buffer_percent);
  if (!r.disc_after.empty()) {
    s += fmt::format("disc after     {}, {} session(s){}\n", r.disc_after, r.sessions_after,
                     r.track_size_after ? fmt::format(", track 1 holds {} blocks", withThousands(r.track_size_after)) : "");
  }
  if (r.verified) {
    s += r.verify_mismatch_lba
             ? fmt::format("verify         MISMATCH at LBA {} ({} blocks compared)\n", *r.verify_mismatch_lba,
                           withThousands(r.verify_blocks))
             : fmt::format("verify         match: {} blocks read back and compared\n", withThousands(r.verify_blocks));
  }
  if (const std::string cancel = cancelRefusedText(r); !cancel.empty()) s += fmt::format("cancel         {}\n", cancel);
  for (const std::string& q : r.quirks) s += fmt::format("drive quirk    {}\n", q);
  s += fmt::format("phases         {}\n", phases);
  s += fmt::format("{}   {:.2f} s\n", r.virtual_clock ? "virtual time" : "time        ", seconds(r.total_time));
  s += fmt::format("result         {}{}\n", final_status.codeName(),
                   final_status.ok() ? "" : fmt::format(": {}", final_status.message()));
  return s;
}

Json burnSummaryJson(const burn::BurnReport& r, const StagedImage& staged, const std::string& medium_after) {
  Json phases = Json::object();
  for (const auto& p : r.phases) phases[p.name] = std::round(seconds(p.took) * 1e6) / 1e6;
  return Json{{"device", r.device},
              {"drive", fmt::format("{} {} {}", r.drive.vendor, r.drive.product, r.drive.revision)},
              {"medium", r.medium},
              {"medium_after", medium_after},
              {"write_type", r.write_mode.empty() ? std::string(mmc::writeTypeName(r.write_type)) : r.write_mode},
              {"simulate", r.simulate},
              {"bufe", r.bufe},
              {"requested_speed_x", r.requested_speed_x ? Json(*r.requested_speed_x) : Json(nullptr)},
              {"accepted_speed_x", std::round(r.accepted_speed_x * 10) / 10},
              {"average_speed_x", std::round(r.average_speed_x * 10) / 10},
              {"files", staged.tree->fileCount()},
              {"folders", staged.tree->directoryCount()},
              {"volume_name", staged.volume_name},
              {"image_blocks", r.image_blocks},
              {"padding_blocks", r.padding_blocks},
              {"start_lba", r.start_lba},
              {"sectors", r.blocks_written},
              {"write_commands", r.write_commands},
              {"min_buf_pct", r.min_buffer_percent < 0 ? Json(nullptr) : Json(r.min_buffer_percent)},
              {"disc_after", r.disc_after},
              {"sessions_after", r.sessions_after},
              {"verify", !r.verified ? "not run" : r.verify_mismatch_lba ? "mismatch" : "match"},
              {"verify_mismatch_lba", r.verify_mismatch_lba ? Json(*r.verify_mismatch_lba) : Json(nullptr)},
              {"quirks", r.quirks},
              {"cancel", cancelRefusedJson(r)},
              {"phases", phases},
              {"virtual_seconds", std::round(seconds(r.total_time) * 1e6) / 1e6}};
}

std::string cancelRefusedText(const burn::BurnReport& r) {
  if (!r.cancel_refused_at) return "";
  // The last flush belongs to closing the session: every block is sent by then.
  return fmt::format("refused: asked at {:.2f} s while closing{}; a close that has begun cannot be stopped, so it "
                     "was waited out{}",
                     seconds(*r.cancel_refused_at),
                     r.cancel_refused_phase == "flushing"  ? " (during the last flush)"
                     : r.cancel_refused_phase == "closing" ? ""
                                                           : fmt::format(" ({})", r.cancel_refused_phase),
                     r.disc_after.empty() ? "" : fmt::format(" (disc {})", r.disc_after));
}

Json cancelRefusedJson(const burn::BurnReport& r) {
  if (!r.cancel_refused_at) return Json(nullptr);
  return Json{{"refused", true},
              {"at_seconds", std::round(seconds(*r.cancel_refused_at) * 1e6) / 1e6},
              {"phase", r.cancel_refused_phase},
              {"polls_while_closing", r.closing_cancel_polls}};
}

std::string dryRunPlan(const OpenDevice& device, const StagedImage& staged, const burn::BurnOptions& o,
                       const DataPlan& plan) {
  const uint32_t blocks = staged.image->totalBlocks();
  return fmt::format(
      "plan (dry run: nothing is written)\n"
      "device         {}\n"
      "medium         {}\n"
      "write type     {}, Mode 1 data, {}, BUFE {}\n"
      "speed          {}\n"
      "image          {} files, {} folders, volume \"{}\", {} blocks ({})\n"
      "{}"
      "track          {} blocks ({} image + {} padding), WRITE(10) of {} blocks\n"
      "session        {}\n"
      "verify         {}\n",
      device.name, device.describeMedium(), plan.write_type, o.simulate ? "simulation" : "real write",
      o.buffer_underrun_protection ? "if the drive has it" : "off",
      o.speed_x ? fmt::format("{:g}x requested", *o.speed_x) : "maximum", withThousands(staged.tree->fileCount()),
      withThousands(staged.tree->directoryCount()), staged.volume_name, withThousands(blocks), mib(blocks),
      plan.before.empty() ? std::string() : fmt::format("medium first   {}\n", plan.before),
      withThousands(plan.track_blocks), withThousands(blocks), withThousands(plan.track_blocks - blocks),
      std::max<uint32_t>(o.chunk_blocks / plan.write_unit, 1) * plan.write_unit,
      plan.session, o.verify && !o.simulate ? "read back and compare after the burn" : "no");
}

}  // namespace dm::cli
