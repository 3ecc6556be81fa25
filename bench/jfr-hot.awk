# Summarises `jfr print --stack-depth 128 --events jdk.CPUTimeSample|jdk.ExecutionSample` output:
#   1. samples per thread group (click-writer / request handling / other),
#   2. per group, the hottest top-of-stack frames (self) and frames anywhere on the stack
#      (inclusive, each frame counted once per sample).
# Used by bench/redirect (BENCH_JFR=1); also by hand:
#   jfr print --stack-depth 128 --events jdk.CPUTimeSample x.jfr | awk -v TOP=25 -f bench/jfr-hot.awk
BEGIN { if (TOP == "") TOP = 25 }
/^jdk\.(CPUTimeSample|ExecutionSample) \{/ { group = "other"; next }
/^[ \t]*eventThread = / {
  t = $0; sub(/.*eventThread = "/, "", t); sub(/" \(.*/, "", t)
  if (t == "click-writer") group = "click-writer"
  else if (t ~ /WebServer socket|^ForkJoinPool-1-worker|^\[/ || t == "") group = "requests"   # Helidon virtual threads and their carriers
  else { group = "other"; others[t]++ }
  next
}
/^[ \t]*stackTrace = \[/ { inside = 1; first = 1; delete seen; samples[group]++; total++; next }
inside && /^[ \t]*\]/ { inside = 0; next }
inside {
  f = $0; sub(/^[ \t]+/, "", f); sub(/ +line:.*/, "", f)
  if (f == "...") next
  if (first) { self[group SUBSEP f]++; first = 0 }
  if (!(f in seen)) { seen[f] = 1; inc[group SUBSEP f]++ }
}
function top(arr, g, title,    k, parts, n, i, j, tmp, keys, vals) {
  n = 0
  for (k in arr) { split(k, parts, SUBSEP); if (parts[1] == g) { n++; keys[n] = parts[2]; vals[n] = arr[k] } }
  for (i = 2; i <= n; i++) for (j = i; j > 1 && vals[j] > vals[j - 1]; j--) {
    tmp = vals[j]; vals[j] = vals[j - 1]; vals[j - 1] = tmp; tmp = keys[j]; keys[j] = keys[j - 1]; keys[j - 1] = tmp }
  print "  " title
  for (i = 1; i <= n && i <= TOP; i++) printf "    %6d %5.1f%%  %s\n", vals[i], 100 * vals[i] / samples[g], keys[i]
}
END {
  if (total == 0) { print "no samples"; exit }
  printf "%d samples: ", total
  for (g in samples) printf "%s %d (%.0f%%)  ", g, samples[g], 100 * samples[g] / total
  print ""
  split("click-writer requests other", order, " ")
  for (i = 1; i <= 3; i++) {
    g = order[i]; if (!(g in samples)) continue
    print ""
    print "== " g " (" samples[g] " samples; % of this group)"
    top(self, g, "self (top of stack):")
    top(inc, g, "inclusive (anywhere on the stack):")
  }
}
