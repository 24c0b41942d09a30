#include "cli/list_format.hpp"

#include <iostream>
#include <sstream>

#include "cli/format.hpp"

namespace mydocker::cli {

using tmpl::Value;

namespace {

bool is_table(const std::string& f) {
  return f == "table" || f.rfind("table ", 0) == 0;
}

// The template docker executes for the format (after its "table"/"json" shortcuts).
std::string template_text(const ListFormat& lf) {
  std::string f = lf.format.empty() ? lf.default_table : lf.format;
  if (f == "table")
    f = lf.default_table;
  if (is_table(f))
    f = f.substr(5);
  else if (f == "raw" && !lf.raw.empty())
    f = lf.raw;
  size_t b = f.find_first_not_of(' '), e = f.find_last_not_of(' ');
  f = b == std::string::npos ? "" : f.substr(b, e - b + 1);
  return tmpl::unescape_format(f);
}

// Tab-separated lines -> docker's tabwriter columns (padding kept, as tabwriter keeps it).
std::string tabulate(const std::string& text) {
  Table table({});
  std::istringstream lines(text);
  std::string line;
  bool first = true;
  while (std::getline(lines, line)) {
    std::vector<std::string> cells;
    size_t start = 0;
    for (size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1)
      cells.push_back(line.substr(start, tab - start));
    cells.push_back(line.substr(start));
    if (first)
      table = Table(cells);
    else
      table.add(cells);
    first = false;
  }
  return first ? "" : table.render(Table::Trailing::Keep);
}

} // namespace

const char* const LIST_FORMAT_HELP =
    "Format output using a custom template:\n'table':            Print output in table format "
    "with column headers (default)\n'table TEMPLATE':   Print output in table format using the "
    "given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print "
    "output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for "
    "more information about formatting output with templates";

bool format_uses(const std::string& format, const std::string& field) {
  return format.find("." + field) != std::string::npos;
}

std::string go_marshal(const Value& v) {
  std::string out;
  for (char c : v.dump(-1, ' ', false, Value::error_handler_t::replace)) {
    if (c == '<')
      out += "\\u003c";
    else if (c == '>')
      out += "\\u003e";
    else if (c == '&')
      out += "\\u0026";
    else
      out += c;
  }
  return out;
}

Result<std::string> render_list(const ListFormat& lf, const std::vector<Value>& rows,
                                const Value& header) {
  if (lf.format == "json") {
    std::string out;
    for (const auto& row : rows)
      out += go_marshal(row) + "\n";
    return out;
  }
  auto parsed = tmpl::Template::parse(template_text(lf));
  if (!parsed)
    return invalid_argument(lf.parse_error + parsed.error().message);
  tmpl::ExecOptions options{lf.type_name};
  bool table = lf.format.empty() || is_table(lf.format);
  std::string out;
  if (table) {
    auto head = parsed->execute(header, options);
    if (!head)
      return invalid_argument(lf.exec_error + head.error().message);
    out += *head + "\n";
  }
  for (const auto& row : rows) {
    auto line = parsed->execute(row, options);
    if (!line)
      return invalid_argument(lf.exec_error + line.error().message);
    out += *line + "\n";
  }
  return table ? tabulate(out) : out;
}

int print_list(const ListFormat& lf, const std::vector<Value>& rows, const Value& header) {
  auto out = render_list(lf, rows, header);
  if (!out) {
    std::cerr << out.error().message << "\n";
    return 1;
  }
  std::cout << *out;
  return 0;
}

} // namespace mydocker::cli
