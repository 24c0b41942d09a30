// docker's --format for lists (ps, images): "table" (headers, tab-aligned), "json" (one
// object per line), "raw" (ps only), or a Go template printed once per item.
#pragma once

#include <string>
#include <vector>

#include "cli/go_template.hpp"

namespace mydocker::cli {

struct ListFormat {
  std::string format;        // as the user gave it ("" -> default_table)
  std::string default_table; // "table {{.ID}}\t..." without the shortcuts
  std::string raw;           // the "raw" format's template, empty if unsupported
  std::string type_name;     // Go type in field errors: "*formatter.ContainerContext"
  std::string parse_error = "failed to parse template: "; // docker's prefixes differ by command
  std::string exec_error = "failed to execute template: ";
};

// Renders rows (their contexts) under the header context; errors are printed by the caller
// as they are ("failed to parse template: ...", exit 1).
Result<std::string> render_list(const ListFormat& lf, const std::vector<tmpl::Value>& rows,
                                const tmpl::Value& header);

// render_list, printed: the list on stdout (0), or the template error on stderr (1).
int print_list(const ListFormat& lf, const std::vector<tmpl::Value>& rows,
               const tmpl::Value& header);

// docker's help text for a list's --format.
extern const char* const LIST_FORMAT_HELP;

// True if the format mentions a field (docker asks for sizes when it uses .Size).
bool format_uses(const std::string& format, const std::string& field);

// JSON as Go's json.Marshal writes it for docker's contexts: <, > and & escaped.
std::string go_marshal(const tmpl::Value& v);

} // namespace mydocker::cli
