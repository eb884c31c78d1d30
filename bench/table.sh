#!/bin/sh
# SPDX-License-Identifier: MIT
# Prints the figures of a bench run beside the targets of PRODUCT.md.
#   sh bench/table.sh RESULTS
# RESULTS holds "RESULT <name> <median> <mean> <p95> <n> <unit>" lines (see
# bench/run.sh).  A figure that is missing (its bench did not run or
# failed) shows as "-".  The last column says whether the figure meets the
# target; it is a report, nothing fails.
set -u
[ $# -eq 1 ] || { echo "usage: sh bench/table.sh RESULTS" >&2; exit 2; }

awk '
function has(k) { return (k in med) }
function m(k)   { return has(k) ? med[k] : "" }
function f(k, d, scale) {   # median, formatted
	if (!has(k)) return "-"
	return sprintf("%." d "f", med[k] * (scale == "" ? 1 : scale))
}
function fp(k, d, scale) {  # p95, formatted
	if (!has(k)) return "-"
	return sprintf("%." d "f", p95[k] * (scale == "" ? 1 : scale))
}
function row(what, value, target, verdict) {
	printf "  %-50s %-28s %-22s %s\n", what, value, target, verdict
}
# median of a over median of b, formatted; the value itself in rv ("" if missing)
function ratio(a, b) {
	rv = ""
	if (!has(a) || !has(b) || med[b] + 0 <= 0) return "-"
	rv = med[a] / med[b]
	return sprintf("%.2f", rv)
}
function le(x, lim) { return x == "" ? "-" : (x + 0 <= lim ? "meets" : "MISSES") }
function lt(x, lim) { return x == "" ? "-" : (x + 0 < lim ? "meets" : "MISSES") }
# across repeated runs labelled PREFIX.1, PREFIX.2, ...: median / max of a metric
function agg(prefix, metric,    k, n, v, i, j, t) {
	n = 0
	for (k in med) {
		if (index(k, prefix ".") == 1 && substr(k, length(k) - length(metric) + 1) == metric &&
		    split(substr(k, length(prefix) + 2), parts, ".") >= 2 && parts[1] ~ /^[0-9]+$/)
			v[++n] = med[k] + 0
	}
	for (i = 1; i <= n; i++)
		for (j = i + 1; j <= n; j++)
			if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
	aggn = n
	aggmax = n ? v[n] : ""
	aggmed = n ? (n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2) : ""
	return aggmed
}
$1 == "RESULT" { med[$2] = $3; mean[$2] = $4; p95[$2] = $5; n[$2] = $6 }
END {
	print ""
	print "agent-onboard benchmarks (targets: ../shared/PRODUCT.md, Quality bars)"
	print ""
	row("figure", "median (p95 / other)", "target", "")
	row("------", "--------------------", "------", "")
	print "Start-up (spawn to screen, through a pty at 80x24)"
	k = "wizard.demo.start"
	row("wizard --demo: title on screen (ms)", f(k ".text_ms", 1) " (p95 " fp(k ".text_ms", 1) ")", "<= 15", le(m(k ".text_ms"), 15))
	row("wizard --demo: screen settled, checks included (ms)", f(k ".first_frame_ms", 1) " (p95 " fp(k ".first_frame_ms", 1) ")", "<= 15", le(m(k ".first_frame_ms"), 15))
	k = "wizard.api.start"
	row("wizard --api-url: title on screen (ms)", f(k ".text_ms", 1) " (p95 " fp(k ".text_ms", 1) ")", "<= 15", le(m(k ".text_ms"), 15))
	row("wizard --api-url: screen settled, checks incl. (ms)", f(k ".first_frame_ms", 1) " (p95 " fp(k ".first_frame_ms", 1) ")", "<= 15", le(m(k ".first_frame_ms"), 15))
	row("--help: first byte (ms)", f("help.first_byte_ms", 1) " (p95 " fp("help.first_byte_ms", 1) ")", "<= 15", le(m("help.first_byte_ms"), 15))
	row("--help: all written (ms)", f("help.eof_ms", 1) " (p95 " fp("help.eof_ms", 1) ")", "<= 15", le(m("help.eof_ms"), 15))
	row("dialog --inputbox: first screen (ms)", f("dialog.start.first_frame_ms", 1) " (p95 " fp("dialog.start.first_frame_ms", 1) ")", "about 5 (reference)", "")
	# the first frame against dialog measured in the same run (issue 13):
	# when the first screen is on the terminal (its title arrives in the
	# same flush as the rest of it).  The settled figure also waits for
	# the quiet after the background work the wizard starts once that frame
	# is drawn (libcurl, the keyring and account checks), so its ratio is
	# shown for comparison only.
	row("wizard --demo / dialog: first frame ratio", ratio("wizard.demo.start.text_ms", "dialog.start.text_ms"), "<= 1.2", le(rv, 1.2))
	row("wizard --api-url / dialog: first frame ratio", ratio("wizard.api.start.text_ms", "dialog.start.text_ms"), "<= 1.2", le(rv, 1.2))
	row("wizard --demo / dialog: settled screen ratio", ratio("wizard.demo.start.first_frame_ms", "dialog.start.first_frame_ms"), "(for comparison)", "")
	row("wizard --api-url / dialog: settled screen ratio", ratio("wizard.api.start.first_frame_ms", "dialog.start.first_frame_ms"), "(for comparison)", "")
	row("--help / dialog: first byte ratio", ratio("help.first_byte_ms", "dialog.start.first_byte_ms"), "(for comparison)", "")
	print "Memory"
	k = "wizard.demo.run"
	row("wizard --demo, complete run: peak RSS (MiB)", f(k ".maxrss_kib", 1, 1/1024) " (p95 " fp(k ".maxrss_kib", 1, 1/1024) ")", "<= 8", le(m(k ".maxrss_kib") == "" ? "" : m(k ".maxrss_kib") / 1024, 8))
	row("  of which private at ACTIVE (MiB)", f(k ".mem.private_kib", 1, 1/1024), "", "")
	k = "wizard.api.run"
	row("wizard --api-url, complete run: peak RSS (MiB)", f(k ".maxrss_kib", 1, 1/1024) " (p95 " fp(k ".maxrss_kib", 1, 1/1024) ")", "<= 8", le(m(k ".maxrss_kib") == "" ? "" : m(k ".maxrss_kib") / 1024, 8))
	row("  of which private at ACTIVE (MiB)", f(k ".mem.private_kib", 1, 1/1024), "", "")
	row("--help: peak RSS (MiB)", f("help.maxrss_kib", 1, 1/1024), "", "")
	row("dialog --inputbox: peak RSS (MiB)", f("dialog.start.maxrss_kib", 1, 1/1024), "(reference)", "")
	print "Terminal bytes per typed character (median; mean / p95)"
	row("wizard name field (B/key)", f("wizard.keys.name.bytes", 1) " (" f2("wizard.keys.name.bytes") ")", "<= 2", le(m("wizard.keys.name.bytes"), 2))
	row("wizard name field, 400 ms after each key (B/key)", f("wizard.keys_slow.name.bytes", 1) " (" f2("wizard.keys_slow.name.bytes") ")", "<= 2", le(m("wizard.keys_slow.name.bytes"), 2))
	row("wizard endpoint URL field (B/key)", f("wizard.keys.url.bytes", 1) " (" f2("wizard.keys.url.bytes") ")", "<= 2", le(m("wizard.keys.url.bytes"), 2))
	row("wizard description field (B/key)", f("wizard.keys.description.bytes", 1) " (" f2("wizard.keys.description.bytes") ")", "<= 2", le(m("wizard.keys.description.bytes"), 2))
	row("wizard token field, masked (B/key)", f("wizard.keys_secret.secret.bytes", 1) " (" f2("wizard.keys_secret.secret.bytes") ")", "<= 2", le(m("wizard.keys_secret.secret.bytes"), 2))
	row("dialog --inputbox (B/key)", f("dialog.keys.field.bytes", 1) " (" f2("dialog.keys.field.bytes") ")", "25 (reference)", "")
	print "Keys while a request is in flight (simulator latency 3 s)"
	k = "wizard.inflight"
	row("echo while Test connection runs (ms)", f(k ".echo_while_probing_ms", 2) " (p95 " fp(k ".echo_while_probing_ms", 2) ")", "<= 50", le(p95[k ".echo_while_probing_ms"], 50))
	row("F1 help while the create runs (ms)", f(k ".f1_while_creating_ms", 2) " (p95 " fp(k ".f1_while_creating_ms", 2) ")", "<= 50", le(p95[k ".f1_while_creating_ms"], 50))
	row("Esc cancels Test connection (ms)", f(k ".esc_cancels_probe_ms", 1) " (p95 " fp(k ".esc_cancels_probe_ms", 1) ")", "<= 100", le(p95[k ".esc_cancels_probe_ms"], 100))
	row("Esc cancels the create (ms)", f(k ".esc_cancels_create_ms", 1) " (p95 " fp(k ".esc_cancels_create_ms", 1) ")", "<= 100", le(p95[k ".esc_cancels_create_ms"], 100))
	print "Polling (create --wait against sandbox --activate-after S)"
	d = agg("poll.5s", ".detect_ms"); dn = aggn; dmax = aggmax
	r = agg("poll.5s", ".requests")
	row("activate after 5.0-6.2 s: detection (ms), runs=" dn, (d == "" ? "-" : sprintf("%.0f (max %.0f)", d, dmax)), "<= 2000", le(dmax, 2000))
	row("activate after 5.0-6.2 s: GETs while waiting", (r == "" ? "-" : sprintf("%.0f", r)), "", "")
	d = agg("poll.60s", ".detect_ms"); dn = aggn; dmax = aggmax
	r = agg("poll.60s", ".requests")
	row("activate after 60-62 s: detection (ms), runs=" dn, (d == "" ? "-" : sprintf("%.0f (max %.0f)", d, dmax)), "(2 s bar ends at 60 s)", "")
	row("  at exactly 60 s (ms)", f("poll.60s.1.detect_ms", 0), "<= 2000", le(m("poll.60s.1.detect_ms"), 2000))
	row("activate after 60-62 s: GETs while waiting", (r == "" ? "-" : sprintf("%.0f", r)), "", "")
	k = "poll.600s"
	row("activate after 600 s: detection (ms)", f(k ".detect_ms", 0), "(slow phase)", "")
	row("activate after 600 s: GETs in the first minute", f(k ".requests_first_min", 0), "", "")
	row("activate after 600 s: GETs 60..600 s", f(k ".requests_after_first_min", 0) " (" f(k ".per_10min_after_first_min", 1) " per 10 min)", "< 30 per 10 min", lt(m(k ".per_10min_after_first_min"), 30))
	row("activate after 600 s: longest gap between GETs (s)", f(k ".max_interval_s", 1), "", "")
	row("429 responses to the 600 s poller", f("poll.600s.http_429", 0), "0", le(m("poll.600s.http_429"), 0))
	print "Rate-limit pacing (300 sequential creates, simulator limit 100 / 60 s)"
	k = "pacing"
	row("failed creates / 429 responses", f(k ".failures", 0) " / " f(k ".http_429", 0), "0 / 0", has(k ".failures") ? ((med[k ".failures"] + med[k ".http_429"]) == 0 ? "meets" : "MISSES") : "-")
	row("total time (s)", f(k ".total_s", 1), "", "")
	row("  / fixed-window minimum " f(k ".window_min_s", 0) " s", f(k ".ratio_to_window_min", 3), "<= 1.10", le(m(k ".ratio_to_window_min"), 1.10))
	row("  / even spacing at 100/min " f(k ".even_spacing_s", 1) " s", f(k ".ratio_to_even_spacing", 3), "(for comparison)", "")
	row("most creates in any sliding 60 s", f(k ".max_in_sliding_window", 0), "(limit 100)", "")
	print "Binary"
	row("build/agent-onboard file size (bytes)", f("size.file_bytes", 0), "", "")
	row("  stripped (bytes)", f("size.stripped_bytes", 0), "", "")
	row("  text / data / bss (bytes)", f("size.text", 0) " / " f("size.data", 0) " / " f("size.bss", 0), "", "")
	row("  shared libraries loaded", f("size.shared_libs", 0), "", "")
	print ""
}
function f2(k) {   # "mean / p95"
	if (!has(k)) return "-"
	return sprintf("%.1f / %.0f", mean[k], p95[k])
}
' "$1"
