#!/usr/bin/env bash
# Prints a Markdown table of the medians per scenario from run.sh's results.jsonl.
set -euo pipefail
jq -rs '
  def median: sort | if length == 0 then null else .[(length - 1) / 2 | floor] end;
  def ms: if . == null then "n/a" elif . >= 100 then (. | round | tostring)
          else ((. * 100 | round) / 100 | tostring) end;
  (map(select(.peak_rss_mb != null) | {key: .scenario, value: .peak_rss_mb}) | from_entries) as $rss
  | map(select(.throughput != null)) | group_by(.scenario)
  | map({
      scenario: .[0].scenario, rows: .[0].rows, cols: .[0].cols, rate: .[0].rate, runs: length,
      sent: (map(.sent) | add), lost: (map(.lost) | add), duplicates: (map(.duplicates) | add),
      throughput: (map(.throughput) | median),
      l50: (map(.latency_ms.p50) | median), l90: (map(.latency_ms.p90) | median),
      l99: (map(.latency_ms.p99) | median),
      t50: (map(.tool_ms.p50) | median), t90: (map(.tool_ms.p90) | median),
      t99: (map(.tool_ms.p99) | median),
      load: "\(map(.load_before, .load_after) | min)–\(map(.load_before, .load_after) | max)"
    }) as $rows
  | ($rows | map({key: "\(.rows)x\(.cols)@\(.rate)", value: select(.scenario | startswith("echo")) | .throughput})
     | from_entries) as $echo
  | "| scenario | triggers (runs × n) | lost / dup | results/s (median) | echo ceiling | ratio | latency p50 / p90 / p99 ms | tool time p50 / p90 / p99 ms | peak RSS | load average |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ($rows[] | . as $r | ($echo["\(.rows)x\(.cols)@\(.rate)"]) as $ceiling
     | "| \(.scenario) (\(.rows)×\(.cols)\(if .rate > 0 then ", \(.rate)/s" else "" end)) | \(.runs) × \(.sent / .runs | floor) | \(.lost) / \(.duplicates) | \(.throughput | ms) | "
       + (if ($r.scenario | startswith("echo")) or $ceiling == null then "–" else ($ceiling | ms) end) + " | "
       + (if ($r.scenario | startswith("echo")) or $ceiling == null then "–"
          else "\(($r.throughput / $ceiling * 100) | round) %" end)
       + " | \(.l50 | ms) / \(.l90 | ms) / \(.l99 | ms) | "
       + (if $r.scenario | startswith("echo") then "–" else "\(.t50 | ms) / \(.t90 | ms) / \(.t99 | ms)" end)
       + " | " + (if $rss[$r.scenario] then "\($rss[$r.scenario]) MB" else "–" end)
       + " | \(.load) |")
' "$1"
