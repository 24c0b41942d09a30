#include "cli/simple_command.hpp"

namespace mydocker::cli {

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
              return arg_count_error(spec, min_args, max_args);
            return run(inv, *args);
          }};
}

} // namespace mydocker::cli
