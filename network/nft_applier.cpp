#include "network/nft_applier.hpp"

#include <nftables/libnftables.h>

#include <memory>

namespace mydocker::network {
namespace {

struct ContextFree {
  void operator()(nft_ctx* ctx) const { nft_ctx_free(ctx); }
};
using Context = std::unique_ptr<nft_ctx, ContextFree>;

Result<Context> new_context() {
  Context ctx(nft_ctx_new(NFT_CTX_DEFAULT));
  if (!ctx)
    return internal_error("nftables: cannot create a context");
  // Keep nft's messages for our errors instead of letting it print to our stdout/stderr.
  if (nft_ctx_buffer_output(ctx.get()) != 0 || nft_ctx_buffer_error(ctx.get()) != 0)
    return internal_error("nftables: cannot buffer output");
  return ctx;
}

std::string trimmed(const char* text) {
  std::string out = text ? text : "";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' '))
    out.pop_back();
  return out;
}

Result<std::string> run(const std::string& commands) {
  auto ctx = TRY(new_context());
  if (nft_run_cmd_from_buffer(ctx.get(), commands.c_str()) != 0)
    return internal_error("nftables: " + trimmed(nft_ctx_get_error_buffer(ctx.get())));
  return std::string(nft_ctx_get_output_buffer(ctx.get()));
}

} // namespace

Result<void> run_nft_script(const std::string& script) {
  TRY_VOID(run(script));
  return {};
}

Result<std::string> run_nft_query(const std::string& command) {
  return run(command);
}

Result<void> install_nat_rules(const NatRules& rules) {
  auto script = TRY(render_nat_script(rules));
  return run_nft_script(script);
}

Result<void> add_published_ports(std::span<const PublishedPort> ports) {
  if (ports.empty())
    return {};
  return run_nft_script(render_port_additions(ports));
}

Result<void> remove_published_ports(std::span<const PublishedPort> ports) {
  for (const auto& port : ports) {
    auto removed = run_nft_script(render_port_removal(port));
    // ENOENT: already gone (an earlier stop, or the table was rebuilt without it).
    if (!removed && removed.error().message.find("No such file or directory") == std::string::npos)
      return removed;
  }
  return {};
}

Result<void> remove_nat_rules() {
  return run_nft_script(render_nat_removal());
}

} // namespace mydocker::network
