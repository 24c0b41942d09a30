#include "builder/copy_plan.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include "builder/build_job.hpp"
#include "builder/confined_fs.hpp"
#include "builder/dockerignore.hpp"
#include "builder/owner_lookup.hpp"
#include "common/atomic_file.hpp"
#include "layers/build_support.hpp"
#include "layers/digest.hpp"

namespace mydocker::builder {

namespace {

bool has_glob(const std::string& s) {
  return s.find_first_of("*?[") != std::string::npos;
}

std::string base_name(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string dir_name(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos || slash == 0 ? "/" : path.substr(0, slash);
}

Result<bool> is_dir_in(int root, const std::string& path) {
  auto fd = open_in_root(root, path, O_PATH);
  if (!fd)
    return false;
  struct stat st {};
  if (::fstat(fd->get(), &st) != 0)
    return sys_error("stat " + path);
  return S_ISDIR(st.st_mode);
}

} // namespace

Result<CopyPlan> plan_copy(const Instruction& in, const VarLookup& vars, char escape,
                           const nlohmann::json& config) {
  CopyPlan plan;
  plan.keyword = in.keyword;
  std::vector<std::string> words;
  if (in.exec_form)
    for (const auto& a : in.exec_args)
      words.push_back(TRY(expand_word(a, vars, escape)));
  else
    words = TRY(expand_words(in.rest, vars, escape));
  if (words.size() < 2)
    return invalid_argument(in.keyword + " requires at least two arguments, but only one was "
                                         "provided. Destination could not be determined.");
  std::string raw_dest = words.back();
  words.pop_back();
  plan.sources = words;
  (void)find_flag(in, "from", plan.from);
  if (find_flag(in, "chown", plan.chown))
    plan.chown = TRY(expand_word(plan.chown, vars, escape));
  std::string chmod;
  if (find_flag(in, "chmod", chmod))
    plan.chmod = static_cast<mode_t>(std::stoul(chmod, nullptr, 8) & 07777);
  std::string workdir = config_string(config, "WorkingDir");
  std::string absolute = raw_dest[0] == '/' ? raw_dest : "/" + workdir + "/" + raw_dest;
  plan.dest = clean_path(absolute);
  plan.dest_is_dir = raw_dest.back() == '/' || raw_dest == "." ||
                     (raw_dest.size() >= 2 && raw_dest.substr(raw_dest.size() - 2) == "/.");
  return plan;
}

Result<void> resolve_sources(const SourceTree& tree, CopyPlan& plan) {
  for (const auto& src : plan.sources) {
    std::string clean = clean_path(src);
    if (src.find("://") != std::string::npos) // mixed with local sources: not supported
      return make_error(Errc::NotImplemented, "ADD mixes URLs and local sources: " + src);
    if (plan.from.empty() && (clean == ".." || clean.rfind("../", 0) == 0))
      return invalid_argument(plan.keyword +
                              " failed: forbidden path outside the build context: " + src + " ()");
    while (!clean.empty() && clean[0] == '/')
      clean.erase(0, 1);
    std::vector<std::string> found;
    if (has_glob(clean))
      found = TRY(tree.glob(clean));
    else if (tree.exists(clean.empty() ? "." : clean))
      found.push_back(clean.empty() ? "." : clean);
    if (found.empty())
      return invalid_argument(plan.keyword +
                              " failed: file not found in build context or "
                              "excluded by .dockerignore: stat " +
                              src + ": file does not exist");
    for (const auto& f : found) {
      plan.matches.push_back(f);
      plan.checksums.push_back(TRY(tree.checksum(f)));
      plan.match_is_dir.push_back(tree.is_dir(f));
    }
  }
  if (plan.matches.size() > 1 && !plan.dest_is_dir)
    return invalid_argument("When using " + plan.keyword +
                            " with more than one source file, "
                            "the destination must be a directory and end with a /");
  return {};
}

std::string CopyPlan::key_text() const {
  std::string out = "from=" + from + " chown=" + chown +
                    " chmod=" + (chmod ? std::to_string(*chmod) : "") + " dest=" + dest +
                    (dest_is_dir ? "/" : "");
  for (size_t i = 0; i < matches.size(); ++i)
    out += " " + matches[i] + "@" + checksums[i];
  return out;
}

std::string CopyPlan::history_text() const {
  std::string what;
  if (checksums.size() == 1) {
    what = (match_is_dir[0] ? "dir:" : "file:") + layers::digest_hex(checksums[0]);
  } else {
    std::string all;
    for (const auto& c : checksums)
      all += c + "\n";
    what = "multi:" + layers::digest_hex(layers::sha256_digest(all));
  }
  return keyword + " " + what + " in " + dest + (dest_is_dir ? "/" : "") + " ";
}

namespace {

// ADD of a local tar: unpacked into the destination directory.
Result<bool> add_archive(int src_root, const std::string& match, int dst_root,
                         const std::string& dest, const Ownership& owner) {
  auto src = TRY(open_in_root(src_root, match, O_RDONLY));
  auto data = read_file("/proc/self/fd/" + std::to_string(src.get()));
  if (!data || !layers::looks_like_archive(*data))
    return false;
  Fd dst = TRY(make_dirs_in_root(dst_root, dest, owner));
  TRY_VOID(layers::extract_archive_into(*data, "/proc/self/fd/" + std::to_string(dst.get())));
  return true;
}

Result<void> write_one(int src_root, int dst_root, const CopyPlan& plan, const std::string& match,
                       const Ownership& owner) {
  if (TRY(is_dir_in(src_root, match))) { // a directory's contents go into dest
    Fd dst = TRY(make_dirs_in_root(dst_root, plan.dest, owner));
    return copy_dir_into(src_root, match, dst.get(), owner);
  }
  if (plan.keyword == "ADD" && TRY(add_archive(src_root, match, dst_root, plan.dest, owner)))
    return {};
  bool into_dir = plan.dest_is_dir || TRY(is_dir_in(dst_root, plan.dest));
  std::string dir = into_dir ? plan.dest : dir_name(plan.dest);
  std::string name = into_dir ? base_name(match) : base_name(plan.dest);
  Fd dst = TRY(make_dirs_in_root(dst_root, dir, owner));
  return copy_tree(src_root, match, dst.get(), name, owner);
}

} // namespace

Result<void> write_sources(int src_root, int dst_root, const CopyPlan& plan) {
  Ownership owner = TRY(lookup_owner(dst_root, plan.chown));
  owner.mode = plan.chmod;
  for (const auto& match : plan.matches)
    TRY_VOID(write_one(src_root, dst_root, plan, match, owner));
  return {};
}

} // namespace mydocker::builder
