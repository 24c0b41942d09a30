#include "cli/simple_command.hpp"

namespace mydocker::cli {

namespace {
std::string count_message(const CommandSpec& spec, size_t min_args, size_t max_args) {
  if (max_args == 0)
    return "\"mydocker " + spec.name + "\" accepts no arguments.";
  std::string how = min_args == max_args ? "exactly " : (min_args == 0 ? "at most " : "at least ");
  size_t n = min_args == 0 ? max_args : min_args;
  return "\"mydocker " + spec.name + "\" requires " + how + std::to_string(n) + " argument" +
         (n == 1 ? "." : "s.");
}
} // namespace

Command simple_command(CommandSpec spec, std::vector<FlagSpec> flags, size_t min_args,
                       size_t max_args, ArgsFn run) {
  return {spec, [spec_as_registered = spec, flags, min_args, max_args, run](Invocation& inv) {
            CommandSpec spec = inv.shown_spec(spec_as_registered);
            if (wants_help(spec, inv.args()))
              return 0;
            auto args = parse_args(inv.args(), flags);
            if (!args)
              return usage_error(spec, args.error().message);
            size_t n = args->positionals.size();
            if (n < min_args || n > max_args)
              return usage_error(spec, count_message(spec, min_args, max_args));
            return run(inv, *args);
          }};
}

} // namespace mydocker::cli
